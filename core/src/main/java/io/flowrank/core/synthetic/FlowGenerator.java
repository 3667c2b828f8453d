package io.flowrank.core.synthetic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic LANL-like netflow data set in format 1 of DESIGN §1, as {@code flowrank
 * generate} does: files {@code time_01.json} onwards, one {@code csvjson --stream} object per line,
 * every value a JSON string, the echoed header record as the first line of the first file.
 *
 * <p>The flows follow DESIGN §6: time from 172800 at about 3,000 flows a second, about 20% of flows
 * to dstport 443 or 80 with destinations drawn from a {@link WebDevicePopulation} (a heavy named
 * head, then a power-law tail), the rest to DNS, NetBIOS, LDAP, SMB, Kerberos, NTP, syslog and
 * anonymised ports; a share of lines corrupt in the ways of {@link CorruptionKind}.
 *
 * <p>Guarantees: equal settings write byte-identical files (one {@link SplittableRandom} seeded by
 * the settings, drawn in a fixed order); existing {@code time_*.json} files are never replaced
 * unless asked; the returned figures are exact, so a batch count of the files can be checked
 * against them.
 */
public final class FlowGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(FlowGenerator.class);

  /** The first second of day 3, where the notebook's data starts. */
  public static final long FIRST_TIME = 172_800;

  /** The share of flows sent to a web port. */
  public static final double WEB_SHARE = 0.2;

  /** The file names the generator writes and refuses to replace unless asked. */
  public static final String FILE_GLOB = "time_*.json";

  private static final String[] FIELDS = {
    "time",
    "duration",
    "srcdevice",
    "dstdevice",
    "protocol",
    "srcport",
    "dstport",
    "srcpackets",
    "dstpackets",
    "srcbytes",
    "dstbytes"
  };

  private static final SerializableString TIME = new SerializedString("time");
  private static final SerializableString DURATION = new SerializedString("duration");
  private static final SerializableString SRCDEVICE = new SerializedString("srcdevice");
  private static final SerializableString DSTDEVICE = new SerializedString("dstdevice");
  private static final SerializableString PROTOCOL = new SerializedString("protocol");
  private static final SerializableString SRCPORT = new SerializedString("srcport");
  private static final SerializableString DSTPORT = new SerializedString("dstport");
  private static final SerializableString SRCPACKETS = new SerializedString("srcpackets");
  private static final SerializableString DSTPACKETS = new SerializedString("dstpackets");
  private static final SerializableString SRCBYTES = new SerializedString("srcbytes");
  private static final SerializableString DSTBYTES = new SerializedString("dstbytes");

  private static final int TCP = 6;
  private static final int UDP = 17;

  /** Ports from here on are anonymised: {@code Port} and five digits. */
  private static final int ANONYMISED_PORT = 100_000;

  /** Destination ports of the flows that are not web flows, one slot per percent. */
  private static final int[] OTHER_PORTS =
      percentTable(
          new int[] {53, 137, 138, 389, 445, 88, 123, 514, ANONYMISED_PORT},
          new int[] {22, 5, 4, 6, 7, 5, 3, 3, 45});

  /** What a numeric dstport becomes when the flow's own port is anonymised. */
  private static final int[] NUMERIC_STAND_INS = {53, 137, 389, 445};

  private static final byte[][] NOT_JSON_LINES = {
    ascii("connection reset by peer"),
    ascii("time,duration,srcdevice,dstdevice,protocol,srcport,dstport,srcpackets,dstpackets"),
    ascii("172800,0,Comp208915,Comp275646,17,Port27607,53,1,1,76,76"),
    ascii("<html><body><h1>502 Bad Gateway</h1></body></html>"),
    ascii("ERROR flow collector restarted, records lost"),
    ascii("dstdevice=Comp275646 dstport=443"),
  };

  private static final CorruptionKind[] KINDS = CorruptionKind.values();

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final double corruptRate;
  private final SplittableRandom random;
  private final WebDevicePopulation population;
  private final LineBuffer line = new LineBuffer();
  private final JsonGenerator json;
  private final char[] chars = new char[32];

  private long time = FIRST_TIME;
  private int leftInSecond;

  // The flow being written.
  private boolean webFlow;
  private long duration;
  private int srcdevice;
  private int dstdevice;
  private int protocol;
  private int srcport;
  private int dstport;
  private long srcpackets;
  private long dstpackets;
  private long srcbytes;
  private long dstbytes;

  private long webFlows;
  private final long[] corrupt = new long[KINDS.length];

  private FlowGenerator(GeneratorSettings settings) throws IOException {
    this.corruptRate = settings.corruptRate();
    this.random = new SplittableRandom(settings.seed());
    // The population is drawn first, so it depends on the seed and its size only.
    this.population = WebDevicePopulation.create(settings.webDevices(), random);
    this.json = JSON.createGenerator(line);
    json.setPrettyPrinter(new CsvjsonPrettyPrinter());
    this.leftInSecond = flowsInNextSecond();
  }

  /** Generates into {@code outDir}, refusing to replace existing {@code time_*.json} files. */
  public static GenerationResult generate(Path outDir, GeneratorSettings settings)
      throws IOException {
    return generate(outDir, settings, false);
  }

  /**
   * Generates into {@code outDir}, creating it when missing.
   *
   * @param overwrite when true, every existing {@code time_*.json} file of the folder is deleted
   *     first, so no file of an earlier, larger data set stays behind; when false, their presence
   *     is an error
   * @throws FileAlreadyExistsException when {@code time_*.json} files exist and {@code overwrite}
   *     is false, or {@code outDir} is a file
   */
  public static GenerationResult generate(
      Path outDir, GeneratorSettings settings, boolean overwrite) throws IOException {
    Files.createDirectories(outDir);
    List<Path> existing = existingFiles(outDir);
    if (!existing.isEmpty()) {
      if (!overwrite) {
        throw new FileAlreadyExistsException(
            existing.get(0).toString(),
            null,
            existing.size()
                + " "
                + FILE_GLOB
                + " file(s) already in "
                + outDir
                + "; remove them or ask to overwrite");
      }
      for (Path file : existing) {
        Files.delete(file);
      }
    }
    return new FlowGenerator(settings).run(outDir, settings);
  }

  /** The name of file {@code number} (from 1) of {@code files}: {@code time_01.json}. */
  public static String fileName(int number, int files) {
    int width = Math.max(2, Integer.toString(files).length());
    char[] digits = new char[width];
    Digits.padded(number, width, digits, 0);
    return "time_" + new String(digits) + ".json";
  }

  private static List<Path> existingFiles(Path outDir) throws IOException {
    List<Path> existing = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(outDir, FILE_GLOB)) {
      for (Path file : listing) {
        if (Files.isRegularFile(file)) {
          existing.add(file);
        }
      }
    }
    existing.sort(null);
    return existing;
  }

  private GenerationResult run(Path outDir, GeneratorSettings settings) throws IOException {
    List<Path> written = new ArrayList<>(settings.files());
    long bytes = 0;
    for (int number = 1; number <= settings.files(); number++) {
      Path file = outDir.resolve(fileName(number, settings.files()));
      long fileBytes = 0;
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              1 << 16)) {
        for (int row = 0; row < settings.rowsPerFile(); row++) {
          fileBytes += number == 1 && row == 0 ? writeHeader(out) : writeLine(out);
        }
      }
      written.add(file);
      bytes += fileBytes;
      LOG.debug("wrote {} ({} lines, {} bytes)", file, settings.rowsPerFile(), fileBytes);
    }
    json.close();
    Map<CorruptionKind, Long> corruptByKind = new EnumMap<>(CorruptionKind.class);
    for (CorruptionKind kind : KINDS) {
      corruptByKind.put(kind, corrupt[kind.ordinal()]);
    }
    GenerationResult result =
        new GenerationResult(written, settings.totalRows(), webFlows, corruptByKind, bytes);
    LOG.info(
        "generated {} files in {}: {} lines, {} web flows, {} corrupt lines, {} bytes",
        result.filesWritten(),
        outDir,
        result.rows(),
        result.webFlows(),
        result.corruptLines(),
        result.bytes());
    return result;
  }

  /** The header record csvjson echoes when it is fed a split without the CSV header. */
  private int writeHeader(OutputStream out) throws IOException {
    line.reset();
    json.writeStartObject();
    for (String field : FIELDS) {
      json.writeStringField(field, field);
    }
    json.writeEndObject();
    json.flush();
    return emit(out, line.length());
  }

  private int writeLine(OutputStream out) throws IOException {
    CorruptionKind kind =
        corruptRate > 0 && random.nextDouble() < corruptRate
            ? KINDS[random.nextInt(KINDS.length)]
            : null;
    nextFlow();
    if (kind == null) {
      render(true, false);
      webFlows += webFlow ? 1 : 0;
      return emit(out, line.length());
    }
    corrupt[kind.ordinal()]++;
    switch (kind) {
      case TRUNCATED_JSON:
        render(true, false);
        // At least the opening brace stays, at least the closing one goes: never blank, never
        // valid.
        return emit(out, 1 + random.nextInt(line.length() - 1));
      case NOT_JSON:
        line.reset();
        line.write(NOT_JSON_LINES[random.nextInt(NOT_JSON_LINES.length)]);
        return emit(out, line.length());
      case MISSING_DSTDEVICE:
        render(false, false);
        return emit(out, line.length());
      case NUMERIC_DSTPORT:
        if (dstport >= ANONYMISED_PORT) {
          dstport = NUMERIC_STAND_INS[random.nextInt(NUMERIC_STAND_INS.length)];
        }
        render(true, true);
        webFlows += webFlow ? 1 : 0;
        return emit(out, line.length());
      case EMPTY_LINE:
        line.reset();
        return emit(out, 0);
      default:
        throw new IllegalStateException("unknown corruption " + kind);
    }
  }

  /**
   * Writes the first {@code length} bytes of the line and a line end; returns the bytes written.
   */
  private int emit(OutputStream out, int length) throws IOException {
    line.writeTo(out, length);
    out.write('\n');
    return length + 1;
  }

  /** Draws the next flow: its second, its devices, ports and sizes. */
  private void nextFlow() {
    if (leftInSecond == 0) {
      time++;
      leftInSecond = flowsInNextSecond();
    }
    leftInSecond--;

    webFlow = random.nextDouble() < WEB_SHARE;
    srcdevice = Devices.random(random, 3);
    if (webFlow) {
      dstdevice = population.code(population.draw(random));
      dstport = random.nextInt(10) < 7 ? 443 : 80;
      protocol = TCP;
      srcport = anonymisedPort();
    } else {
      dstport = OTHER_PORTS[random.nextInt(OTHER_PORTS.length)];
      if (dstport == ANONYMISED_PORT) {
        dstport = anonymisedPort();
      }
      dstdevice = otherDestination(dstport);
      protocol = protocolOf(dstport);
      // NetBIOS and NTP talk from their own port as often as not.
      boolean samePort =
          (dstport == 137 || dstport == 138 || dstport == 123) && random.nextBoolean();
      srcport = samePort ? dstport : anonymisedPort();
    }

    int roll = random.nextInt(100);
    duration = roll < 55 ? 0 : roll < 95 ? random.nextInt(1, 30) : random.nextInt(30, 3600);
    srcpackets = packets();
    dstpackets = !webFlow && random.nextInt(10) < 4 ? 0 : packets();
    srcbytes = srcpackets * random.nextInt(40, 1500);
    dstbytes = dstpackets * random.nextInt(40, 1500);
  }

  private int flowsInNextSecond() {
    return random.nextInt(2_700, 3_301);
  }

  private int anonymisedPort() {
    return ANONYMISED_PORT + random.nextInt(100_000);
  }

  private int otherDestination(int port) {
    // Directory services answer LDAP, Kerberos and a good part of DNS.
    if ((port == 389 || port == 88) && random.nextBoolean()) {
      return Devices.ACTIVE_DIRECTORY;
    }
    if (port == 53 && random.nextInt(10) < 3) {
      return Devices.ACTIVE_DIRECTORY;
    }
    return Devices.random(random, 5);
  }

  private int protocolOf(int port) {
    switch (port) {
      case 53:
      case 137:
      case 138:
      case 123:
      case 514:
        return UDP;
      case 389:
      case 445:
      case 88:
        return TCP;
      default:
        return random.nextBoolean() ? TCP : UDP;
    }
  }

  /** Mostly a handful of packets, now and then many more. */
  private long packets() {
    return 1 + (long) (-Math.log(1 - random.nextDouble()) * 6);
  }

  private void render(boolean withDstdevice, boolean numericDstport) throws IOException {
    line.reset();
    json.writeStartObject();
    json.writeFieldName(TIME);
    writeDigits(time);
    json.writeFieldName(DURATION);
    writeDigits(duration);
    json.writeFieldName(SRCDEVICE);
    writeDevice(srcdevice);
    if (withDstdevice) {
      json.writeFieldName(DSTDEVICE);
      writeDevice(dstdevice);
    }
    json.writeFieldName(PROTOCOL);
    writeDigits(protocol);
    json.writeFieldName(SRCPORT);
    writePort(srcport);
    json.writeFieldName(DSTPORT);
    if (numericDstport) {
      json.writeNumber(dstport);
    } else {
      writePort(dstport);
    }
    json.writeFieldName(SRCPACKETS);
    writeDigits(srcpackets);
    json.writeFieldName(DSTPACKETS);
    writeDigits(dstpackets);
    json.writeFieldName(SRCBYTES);
    writeDigits(srcbytes);
    json.writeFieldName(DSTBYTES);
    writeDigits(dstbytes);
    json.writeEndObject();
    json.flush();
  }

  private void writeDigits(long value) throws IOException {
    json.writeString(chars, 0, Digits.plain(value, chars, 0));
  }

  private void writeDevice(int code) throws IOException {
    json.writeString(chars, 0, Devices.format(code, chars));
  }

  private void writePort(int port) throws IOException {
    if (port < ANONYMISED_PORT) {
      writeDigits(port);
      return;
    }
    chars[0] = 'P';
    chars[1] = 'o';
    chars[2] = 'r';
    chars[3] = 't';
    json.writeString(chars, 0, Digits.padded(port - ANONYMISED_PORT, 5, chars, 4));
  }

  private static int[] percentTable(int[] values, int[] percents) {
    int[] table = new int[100];
    int slot = 0;
    for (int i = 0; i < values.length; i++) {
      for (int k = 0; k < percents[i]; k++) {
        table[slot++] = values[i];
      }
    }
    if (slot != table.length) {
      throw new IllegalStateException("percentages must add up to 100, they add up to " + slot);
    }
    return table;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
