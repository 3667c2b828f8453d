package io.flowrank.core.synthetic;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * Writes a synthetic LANL-like netflow data set, as {@code flowrank generate} does, in any of the
 * three formats of docs/design.md §1 ({@link OutputFormat}), plain or compressed ({@link
 * OutputCompression}). By default format 1: files {@code time_01.json} onwards, one {@code csvjson
 * --stream} object per line, every value a JSON string, the echoed header record as the first line
 * of the first file. A JSON array has the same files and objects; the raw CSV is one file, {@code
 * netflow_day-03}, holding every row but the header record, the files one after the other.
 *
 * <p>The flows follow docs/design.md §8: time from 172800 at about 3,000 flows a second, about 20% of flows
 * to dstport 443 or 80 with destinations drawn from a {@link WebDevicePopulation} (a heavy named
 * head, then a power-law tail), the rest to DNS, NetBIOS, LDAP, SMB, Kerberos, NTP, syslog and
 * anonymised ports; a share of rows corrupt in the ways of {@link CorruptionKind}.
 *
 * <p>Guarantees: equal settings, format and compression write byte-identical files (one {@link
 * SplittableRandom} seeded by the settings, drawn in a fixed order); every format holds the same
 * flows for the same settings and counts the same web flows per device; the files the generator
 * writes ({@value #FILE_GLOB}) are never replaced unless asked; the returned figures are exact, so
 * a batch count of the files can be checked against them.
 */
public final class FlowGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(FlowGenerator.class);

  /** The first second of day 3, where the notebook's data starts. */
  public static final long FIRST_TIME = 172_800;

  /** The share of flows sent to a web port. */
  public static final double WEB_SHARE = 0.2;

  /** The raw CSV's file name before the compression's extension: LANL's name for day 3. */
  public static final String CSV_FILE_NAME = "netflow_day-03";

  /**
   * The names of the files the generator writes, in every format and compression: it refuses to
   * replace them unless asked, so no file of an earlier data set stays mixed with a new one.
   */
  public static final String FILE_GLOB =
      "{time_*.json,time_*.json.gz,time_*.json.bz2,"
          + CSV_FILE_NAME
          + ","
          + CSV_FILE_NAME
          + ".gz,"
          + CSV_FILE_NAME
          + ".bz2}";

  /** The average of the flows drawn per second of data ({@link #flowsInNextSecond}). */
  static final long FLOWS_PER_SECOND = 3_000;

  private static final int TCP = 6;
  private static final int UDP = 17;

  private static final int ANONYMISED_PORT = Flow.ANONYMISED_PORT;

  /** Destination ports of the flows that are not web flows, one slot per percent. */
  private static final int[] OTHER_PORTS =
      percentTable(
          new int[] {53, 137, 138, 389, 445, 88, 123, 514, ANONYMISED_PORT},
          new int[] {22, 5, 4, 6, 7, 5, 3, 3, 45});

  /** What a numeric dstport becomes when the flow's own port is anonymised. */
  private static final int[] NUMERIC_STAND_INS = {53, 137, 389, 445};

  private static final String[] NOT_JSON_LINES = {
    "connection reset by peer",
    "time,duration,srcdevice,dstdevice,protocol,srcport,dstport,srcpackets,dstpackets",
    "172800,0,Comp208915,Comp275646,17,Port27607,53,1,1,76,76",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "ERROR flow collector restarted, records lost",
    "dstdevice=Comp275646 dstport=443",
  };

  /** The slots a corrupt row is drawn from, in the order the draw numbers them. */
  private static final CorruptionKind[] SLOTS = {
    CorruptionKind.TRUNCATED_JSON,
    CorruptionKind.NOT_JSON,
    CorruptionKind.MISSING_DSTDEVICE,
    CorruptionKind.NUMERIC_DSTPORT,
    CorruptionKind.EMPTY_LINE
  };

  private static final int OUTPUT_BUFFER = 1 << 16;

  private final double corruptRate;
  private final SplittableRandom random;
  private final WebDevicePopulation population;
  private final WebServerRoles roles;
  /** The flows as JSON lines: where a truncated line is cut depends on its length. */
  private final CsvjsonObjects jsonLines = new CsvjsonObjects(CsvjsonPrettyPrinter.stream());
  private final Flow flow = new Flow();

  private long time = FIRST_TIME;
  // Seconds of data time per tick of the clock (--time-scale).
  private final long timeScale;
  private int leftInSecond;
  // How far the file being written lags behind the clock (--out-of-order); 0 for most.
  private long shift;

  private long rows;
  private long webFlows;
  private final long[] corrupt = new long[CorruptionKind.values().length];

  private FlowGenerator(GeneratorSettings settings) throws IOException {
    this.corruptRate = settings.corruptRate();
    this.random = new SplittableRandom(settings.seed());
    // The population is drawn first, so it depends on the seed and its size only.
    this.population = WebDevicePopulation.create(settings.webDevices(), random);
    this.timeScale = settings.timeScale();
    this.roles =
        new WebServerRoles(
            settings.seed(), settings.totalRows() / FLOWS_PER_SECOND * settings.timeScale());
    this.leftInSecond = flowsInNextSecond();
  }

  /** Generates JSON lines into {@code outDir}, refusing to replace files it writes. */
  public static GenerationResult generate(Path outDir, GeneratorSettings settings)
      throws IOException {
    return generate(outDir, settings, false);
  }

  /** Generates plain JSON lines into {@code outDir}, creating it when missing. */
  public static GenerationResult generate(
      Path outDir, GeneratorSettings settings, boolean overwrite) throws IOException {
    return generate(outDir, settings, OutputFormat.JSONL, OutputCompression.NONE, overwrite);
  }

  /**
   * Generates into {@code outDir}, creating it when missing.
   *
   * @param overwrite when true, every existing file named like those the generator writes ({@value
   *     #FILE_GLOB}) is deleted first, so no file of an earlier data set stays behind; when false,
   *     their presence is an error
   * @throws FileAlreadyExistsException when such files exist and {@code overwrite} is false, or
   *     {@code outDir} is a file
   */
  public static GenerationResult generate(
      Path outDir,
      GeneratorSettings settings,
      OutputFormat format,
      OutputCompression compression,
      boolean overwrite)
      throws IOException {
    Files.createDirectories(outDir);
    List<Path> existing = existingFiles(outDir);
    if (!existing.isEmpty()) {
      if (!overwrite) {
        throw new FileAlreadyExistsException(
            existing.get(0).toString(),
            null,
            existing.size()
                + " generated file(s) ("
                + existing.get(0).getFileName()
                + (existing.size() > 1 ? " ..." : "")
                + ") already in "
                + outDir
                + "; remove them or ask to overwrite");
      }
      for (Path file : existing) {
        Files.delete(file);
      }
    }
    return new FlowGenerator(settings).run(outDir, settings, format, compression);
  }

  /**
   * How far data-set file {@code number} (from 1) lags behind the files before it with {@code
   * --out-of-order} {@code outOfOrder} seconds: every tenth file from the fifth ({@code time_05},
   * {@code time_15}, ...) by all of it, every tenth file from the tenth by a tenth of it, the others
   * not at all. The clock runs on meanwhile: the file after a lagging one is in order again. With
   * windows of {@code size} and a grace {@code grace}, a lag above {@code size + grace} makes the
   * first files' flows late, one below {@code grace} never does.
   */
  public static long outOfOrderShift(int number, long outOfOrder) {
    return switch (number % 10) {
      case 5 -> outOfOrder;
      case 0 -> outOfOrder / 10;
      default -> 0;
    };
  }

  /** The name of JSON file {@code number} (from 1) of {@code files}: {@code time_01.json}. */
  public static String fileName(int number, int files) {
    int width = Math.max(2, Integer.toString(files).length());
    char[] digits = new char[width];
    Digits.padded(number, width, digits, 0);
    return "time_" + new String(digits) + ".json";
  }

  /**
   * The names of the files written for {@code settings}: {@code time_01.json.gz} onwards, or the
   * one {@code netflow_day-03.bz2}.
   */
  public static List<String> fileNames(
      GeneratorSettings settings, OutputFormat format, OutputCompression compression) {
    if (format.oneFile()) {
      return List.of(CSV_FILE_NAME + compression.extension());
    }
    List<String> names = new ArrayList<>(settings.files());
    for (int number = 1; number <= settings.files(); number++) {
      names.add(fileName(number, settings.files()) + compression.extension());
    }
    return names;
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

  private GenerationResult run(
      Path outDir, GeneratorSettings settings, OutputFormat format, OutputCompression compression)
      throws IOException {
    List<String> names = fileNames(settings, format, compression);
    // Data-set files per file written: all of them in the one CSV file, else one each.
    int filesPerOutput = settings.files() / names.size();
    RowWriter writer = RowWriter.of(format, settings.seed());
    List<Path> written = new ArrayList<>(names.size());
    long bytes = 0;
    int number = 1;
    for (String name : names) {
      Path file = outDir.resolve(name);
      long rowsBefore = rows;
      try (OutputStream out =
          new BufferedOutputStream(
              compression.compress(
                  Files.newOutputStream(
                      file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)),
              OUTPUT_BUFFER)) {
        writer.startFile(out);
        for (int last = number + filesPerOutput; number < last; number++) {
          shift = outOfOrderShift(number, settings.outOfOrder());
          for (int row = 0; row < settings.rowsPerFile(); row++) {
            if (number == 1 && row == 0) {
              rows += writer.header() ? 1 : 0;
            } else {
              writeRow(writer);
              rows++;
            }
          }
        }
        writer.endFile();
      }
      long fileBytes = Files.size(file);
      written.add(file);
      bytes += fileBytes;
      LOG.debug("wrote {} ({} rows, {} bytes)", file, rows - rowsBefore, fileBytes);
    }
    writer.close();
    jsonLines.close();
    Map<CorruptionKind, Long> corruptByKind = new EnumMap<>(CorruptionKind.class);
    for (CorruptionKind kind : CorruptionKind.values()) {
      corruptByKind.put(kind, corrupt[kind.ordinal()]);
    }
    Map<String, Long> lateStarters = new java.util.LinkedHashMap<>();
    for (int i = 0; i < WebServerRoles.LATE_STARTER_RANKS.length; i++) {
      int rank = WebServerRoles.LATE_STARTER_RANKS[i];
      if (rank < population.size()) {
        lateStarters.put(population.name(rank), roles.lateStart(i));
      }
    }
    GenerationResult result =
        new GenerationResult(written, rows, webFlows, corruptByKind, bytes, lateStarters);
    LOG.info(
        "generated {} file(s) in {} ({}, {}): {} rows, {} web flows, {} corrupt rows, {} bytes",
        result.filesWritten(),
        outDir,
        format,
        compression,
        result.rows(),
        result.webFlows(),
        result.corruptLines(),
        result.bytes());
    return result;
  }

  /**
   * Draws a row and has the writer lay it out. The draws are the same in every format (a JSON line
   * is rendered to draw where a truncated one is cut), so the flows are too.
   */
  private void writeRow(RowWriter writer) throws IOException {
    CorruptionKind slot =
        corruptRate > 0 && random.nextDouble() < corruptRate
            ? SLOTS[random.nextInt(SLOTS.length)]
            : null;
    nextFlow();
    if (slot == null) {
      writer.flow(flow);
      webFlows += flow.webFlow ? 1 : 0;
      return;
    }
    CorruptionKind kind;
    switch (slot) {
      case TRUNCATED_JSON:
        // At least the opening brace stays, at least the closing one goes: never blank, never
        // valid.
        int length = jsonLines.flow(flow, true, false);
        kind = writer.truncated(flow, 1 + random.nextInt(length - 1));
        break;
      case NOT_JSON:
        kind = writer.text(flow, NOT_JSON_LINES[random.nextInt(NOT_JSON_LINES.length)]);
        break;
      case MISSING_DSTDEVICE:
        kind = writer.missingDstdevice(flow);
        break;
      case NUMERIC_DSTPORT:
        if (flow.dstport >= ANONYMISED_PORT) {
          flow.dstport = NUMERIC_STAND_INS[random.nextInt(NUMERIC_STAND_INS.length)];
        }
        kind = writer.numericDstport(flow);
        webFlows += flow.webFlow ? 1 : 0;
        break;
      case EMPTY_LINE:
        kind = writer.emptyLine();
        break;
      default:
        throw new IllegalStateException("unknown corruption " + slot);
    }
    corrupt[kind.ordinal()]++;
  }

  /**
   * Draws the next flow: its second, its devices, ports and sizes; a web flow's client and answer
   * then come from {@link WebServerRoles}, whose draws leave this sequence alone.
   */
  private void nextFlow() {
    if (leftInSecond == 0) {
      time += timeScale;
      leftInSecond = flowsInNextSecond();
    }
    leftInSecond--;
    flow.time = Math.max(0, time - shift);

    boolean webFlow = random.nextDouble() < WEB_SHARE;
    flow.webFlow = webFlow;
    flow.srcdevice = Devices.random(random, 3);
    int rank = -1;
    if (webFlow) {
      rank = population.draw(random);
      flow.dstdevice = population.code(rank);
      flow.dstport = random.nextInt(10) < 7 ? 443 : 80;
      flow.protocol = TCP;
      flow.srcport = anonymisedPort();
    } else {
      int dstport = OTHER_PORTS[random.nextInt(OTHER_PORTS.length)];
      if (dstport == ANONYMISED_PORT) {
        dstport = anonymisedPort();
      }
      flow.dstport = dstport;
      flow.dstdevice = otherDestination(dstport);
      flow.protocol = protocolOf(dstport);
      // NetBIOS and NTP talk from their own port as often as not.
      boolean samePort =
          (dstport == 137 || dstport == 138 || dstport == 123) && random.nextBoolean();
      flow.srcport = samePort ? dstport : anonymisedPort();
    }

    int roll = random.nextInt(100);
    flow.duration = roll < 55 ? 0 : roll < 95 ? random.nextInt(1, 30) : random.nextInt(30, 3600);
    flow.srcpackets = packets();
    flow.dstpackets = !webFlow && random.nextInt(10) < 4 ? 0 : packets();
    flow.srcbytes = flow.srcpackets * random.nextInt(40, 1500);
    flow.dstbytes = flow.dstpackets * random.nextInt(40, 1500);
    if (webFlow) {
      roles.shape(flow, rank);
    }
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
}
