package io.flowrank.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three formats and three compressions of {@code generate}: each read back here without the
 * project's readers (Jackson, a CSV split, the JDK's gzip, Commons Compress's bzip2), then judged
 * by the project's batch count, which must find exactly the generated figures.
 */
class OutputFormatsTest {

  private static final GeneratorSettings SETTINGS = new GeneratorSettings(3, 4_000, 42, 0.02, 5_000);

  private static final String HEADER_NAMES =
      "time,duration,srcdevice,dstdevice,protocol,srcport,dstport,srcpackets,dstpackets,srcbytes,"
          + "dstbytes";

  private static final String DEVICE = "(Comp\\d{6}|IP\\d{6}|EnterpriseAppServer|ActiveDirectory|VPN)";
  private static final String PORT = "(Port\\d{5}|\\d{1,5})";
  private static final String NUMBER = "(0|[1-9]\\d*)";

  /** A raw LANL row: 11 unquoted fields in the order of docs/design.md §1.1. */
  private static final Pattern CSV_FLOW =
      Pattern.compile(
          "1\\d{5},"
              + NUMBER
              + ","
              + DEVICE
              + ","
              + DEVICE
              + ",(6|17),"
              + PORT
              + ","
              + PORT
              + ","
              + NUMBER
              + ","
              + NUMBER
              + ","
              + NUMBER
              + ","
              + NUMBER);

  /** A line of a {@code csvjson --indent 2} array of flat objects. */
  private static final Pattern INDENTED_LINE =
      Pattern.compile("\\[|]|  \\{|  },?|    \"[a-z]+\": (\"[^\"]*\"|\\d+),?|");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  static Stream<Arguments> formatsAndCompressions() {
    return Arrays.stream(OutputFormat.values())
        .flatMap(f -> Arrays.stream(OutputCompression.values()).map(c -> Arguments.of(f, c)));
  }

  private GenerationResult generate(
      String folder, GeneratorSettings settings, OutputFormat format, OutputCompression compression)
      throws IOException {
    return FlowGenerator.generate(dir.resolve(folder), settings, format, compression, false);
  }

  /** A file's content, decompressed by its extension; a .bz2 file read as ONE stream only. */
  private static byte[] content(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            name.endsWith(".gz")
                ? new GZIPInputStream(raw)
                : name.endsWith(".bz2") ? new BZip2CompressorInputStream(raw, false) : raw) {
      return in.readAllBytes();
    }
  }

  private static byte[] allContent(GenerationResult result) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path file : result.files()) {
      all.write(content(file));
    }
    return all.toByteArray();
  }

  /** The lines of {@code bytes}, split at {@code \n}; the empty string after the last is dropped. */
  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    assertThat(start).as("the last line ends with a line end").isEqualTo(bytes.length);
    return lines;
  }

  private static String ascii(byte[] line) {
    return new String(line, StandardCharsets.ISO_8859_1);
  }

  private static boolean isUtf8(byte[] line) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static BatchCount batchCount(Path folder) throws IOException {
    return new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
        .count(InputFiles.at(folder, Limits.DEFAULT_MAX_RECORD_BYTES));
  }

  // ---------------------------------------------------------------------------------------------
  // Names

  @Test
  void namesTheFilesLikeTheNotebookOrLikeTheLanlDownload() {
    GeneratorSettings settings = SETTINGS.withFiles(3);

    assertThat(FlowGenerator.fileNames(settings, OutputFormat.JSONL, OutputCompression.NONE))
        .containsExactly("time_01.json", "time_02.json", "time_03.json");
    assertThat(FlowGenerator.fileNames(settings, OutputFormat.JSON_ARRAY, OutputCompression.GZ))
        .containsExactly("time_01.json.gz", "time_02.json.gz", "time_03.json.gz");
    assertThat(FlowGenerator.fileNames(settings, OutputFormat.CSV, OutputCompression.NONE))
        .containsExactly("netflow_day-03");
    assertThat(FlowGenerator.fileNames(settings, OutputFormat.CSV, OutputCompression.BZ2))
        .containsExactly("netflow_day-03.bz2");
    assertThat(FlowGenerator.fileNames(settings, OutputFormat.CSV, OutputCompression.GZ))
        .containsExactly("netflow_day-03.gz");
  }

  @Test
  void formatAndCompressionNamesAreThoseOfTheCommandLine() {
    assertThat(OutputFormat.ofCliName("json-array")).isEqualTo(OutputFormat.JSON_ARRAY);
    assertThat(OutputCompression.ofCliName("bz2")).isEqualTo(OutputCompression.BZ2);
    assertThatThrownBy(() -> OutputFormat.ofCliName("JSONL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format 'JSONL': expected one of jsonl, json-array, csv");
    assertThatThrownBy(() -> OutputCompression.ofCliName("zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown compression 'zip': expected one of none, gz, bz2");
  }

  // ---------------------------------------------------------------------------------------------
  // JSON array

  @Test
  void jsonArrayFilesHoldTheObjectsOfTheJsonLinesFilesIndentedLikeCsvjson() throws IOException {
    GeneratorSettings clean = SETTINGS.withCorruptRate(0);
    GenerationResult lines = generate("jsonl", clean, OutputFormat.JSONL, OutputCompression.NONE);
    GenerationResult array =
        generate("array", clean, OutputFormat.JSON_ARRAY, OutputCompression.NONE);

    assertThat(array.files()).extracting(p -> p.getFileName().toString())
        .containsExactly("time_01.json", "time_02.json", "time_03.json");
    String first = Files.readString(array.files().get(0));
    assertThat(first)
        .startsWith("[\n  {\n    \"time\": \"time\",\n    \"duration\": \"duration\",\n")
        .endsWith("\n  }\n]\n");
    for (int i = 0; i < 3; i++) {
      JsonNode elements = MAPPER.readTree(array.files().get(i).toFile());
      assertThat(elements.isArray()).isTrue();
      List<JsonNode> objects = new ArrayList<>();
      for (String line : Files.readAllLines(lines.files().get(i))) {
        objects.add(MAPPER.readTree(line));
      }
      assertThat(elements).containsExactlyElementsOf(objects);
      assertThat(Files.readAllLines(array.files().get(i)))
          .allSatisfy(line -> assertThat(line).matches(INDENTED_LINE));
    }
    assertThat(array.rows()).isEqualTo(lines.rows()).isEqualTo(12_000);
    assertThat(array.webFlows()).isEqualTo(lines.webFlows());
  }

  @Test
  void corruptArrayElementsLeaveEveryArrayWellFormed() throws IOException {
    GenerationResult result =
        generate(
            "array",
            SETTINGS.withCorruptRate(0.3),
            OutputFormat.JSON_ARRAY,
            OutputCompression.NONE);

    Map<CorruptionKind, Long> seen = new EnumMap<>(CorruptionKind.class);
    long elements = 0;
    for (Path file : result.files()) {
      ArrayNode array = (ArrayNode) MAPPER.readTree(file.toFile()); // strict: throws if broken
      elements += array.size();
      for (JsonNode element : array) {
        CorruptionKind kind =
            element.isArray()
                ? CorruptionKind.ARRAY_ELEMENT
                : element.isTextual()
                    ? CorruptionKind.STRING_ELEMENT
                    : !element.has("dstdevice")
                        ? CorruptionKind.MISSING_DSTDEVICE
                        : element.get("dstport").isInt() ? CorruptionKind.NUMERIC_DSTPORT : null;
        if (kind != null) {
          seen.merge(kind, 1L, Long::sum);
        }
      }
      long blank = Files.readAllLines(file).stream().filter(String::isEmpty).count();
      seen.merge(CorruptionKind.EMPTY_LINE, blank, Long::sum);
    }

    assertThat(seen.keySet()).isEqualTo(CorruptionKind.of(OutputFormat.JSON_ARRAY));
    seen.forEach((kind, n) -> assertThat(result.corrupt().get(kind)).as(kind.name()).isEqualTo(n));
    assertThat(elements).isEqualTo(result.records());
    assertThat(elements + result.corrupt().get(CorruptionKind.EMPTY_LINE))
        .isEqualTo(result.rows())
        .isEqualTo(SETTINGS.totalRows());
  }

  // ---------------------------------------------------------------------------------------------
  // CSV

  @Test
  void csvIsOneFileOfElevenUnquotedFieldsWithoutHeader() throws IOException {
    GeneratorSettings clean = SETTINGS.withCorruptRate(0);
    GenerationResult jsonLines =
        generate("jsonl", clean, OutputFormat.JSONL, OutputCompression.NONE);
    GenerationResult csv = generate("csv", clean, OutputFormat.CSV, OutputCompression.NONE);

    assertThat(csv.files()).containsExactly(dir.resolve("csv").resolve("netflow_day-03"));
    byte[] bytes = Files.readAllBytes(csv.files().get(0));
    assertThat(ascii(Arrays.copyOf(bytes, 7))).isEqualTo("172800,");
    List<String> rows = lines(bytes).stream().map(OutputFormatsTest::ascii).toList();
    // Every row of every file but the echoed header record, which the LANL files do not have.
    assertThat(rows).hasSize(11_999).doesNotContain(HEADER_NAMES);
    assertThat(csv.rows()).isEqualTo(11_999);
    assertThat(rows).allSatisfy(row -> assertThat(row).matches(CSV_FLOW));

    List<String> fromJson = new ArrayList<>();
    for (Path file : jsonLines.files()) {
      for (String line : Files.readAllLines(file)) {
        List<String> values = new ArrayList<>();
        MAPPER.readTree(line).elements().forEachRemaining(v -> values.add(v.asText()));
        fromJson.add(String.join(",", values));
      }
    }
    assertThat(fromJson.get(0)).isEqualTo(HEADER_NAMES);
    assertThat(rows).containsExactlyElementsOf(fromJson.subList(1, fromJson.size()));
    assertThat(csv.webFlows()).isEqualTo(jsonLines.webFlows());
  }

  @Test
  void corruptCsvRowsAreMalformedOnlyAsTheirKindSays() throws IOException {
    GenerationResult result =
        generate("csv", SETTINGS.withCorruptRate(0.3), OutputFormat.CSV, OutputCompression.NONE);

    Map<CorruptionKind, Long> seen = new EnumMap<>(CorruptionKind.class);
    for (byte[] line : lines(Files.readAllBytes(result.files().get(0)))) {
      CorruptionKind kind = csvKind(line);
      if (kind != null) {
        seen.merge(kind, 1L, Long::sum);
      }
    }

    assertThat(seen.keySet()).isEqualTo(CorruptionKind.of(OutputFormat.CSV));
    seen.forEach((kind, n) -> assertThat(result.corrupt().get(kind)).as(kind.name()).isEqualTo(n));
    assertThat(result.corruptLines()).isEqualTo(seen.values().stream().mapToLong(n -> n).sum());
  }

  /** What a CSV row is, told apart here by its shape alone; null for a clean flow. */
  private static CorruptionKind csvKind(byte[] bytes) {
    if (bytes.length == 0) {
      return CorruptionKind.EMPTY_LINE;
    }
    if (!isUtf8(bytes)) {
      String row = ascii(bytes);
      String[] fields = row.split(",", -1);
      assertThat(fields).hasSize(11);
      assertThat(row).doesNotContain("\"");
      // The bad bytes sit inside the dstdevice, after its first character.
      assertThat(isUtf8(fields[3].substring(0, 1).getBytes(StandardCharsets.ISO_8859_1))).isTrue();
      assertThat(String.join(",", Arrays.copyOf(fields, 3)) + "," + cleanDevice(fields[3]) + ","
              + String.join(",", Arrays.copyOfRange(fields, 4, 11)))
          .matches(CSV_FLOW);
      return CorruptionKind.INVALID_UTF8;
    }
    String row = ascii(bytes);
    if (row.contains("\"")) {
      if (row.matches("([^,\"]*,){10}\"[^,\"]*")) {
        assertThat(row.replace("\"", "")).matches(CSV_FLOW);
        return CorruptionKind.UNBALANCED_QUOTES;
      }
      String[] fields = row.split(",", -1);
      assertThat(fields).hasSize(11);
      assertThat(fields[3]).startsWith("\"").endsWith("\"");
      assertThat(fields[6]).startsWith("\"").endsWith("\"");
      assertThat(row.replace("\"", "")).matches(CSV_FLOW);
      return CorruptionKind.QUOTED_FIELDS;
    }
    String[] fields = row.split(",", -1);
    if (fields.length != 11) {
      assertThat(fields.length).isBetween(1, 12);
      assertThat(fields).doesNotContain("");
      return CorruptionKind.WRONG_FIELD_COUNT;
    }
    if (fields[3].isEmpty()) {
      return CorruptionKind.EMPTY_DSTDEVICE;
    }
    assertThat(row).matches(CSV_FLOW);
    return null;
  }

  /** A dstdevice without the bytes that are not UTF-8 (read as Latin-1: chars above 0x7F). */
  private static String cleanDevice(String device) {
    return device.chars()
        .filter(c -> c < 0x80)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The same flows in every format

  @Test
  void everyFormatHoldsTheSameFlowsAndTheSameWebFlowsPerDevice() throws IOException {
    GeneratorSettings settings = SETTINGS.withCorruptRate(0.05);
    Map<OutputFormat, List<List<String>>> flows = new EnumMap<>(OutputFormat.class);
    Map<OutputFormat, Map<String, Long>> webCounts = new EnumMap<>(OutputFormat.class);
    Map<OutputFormat, GenerationResult> results = new EnumMap<>(OutputFormat.class);
    for (OutputFormat format : OutputFormat.values()) {
      GenerationResult result =
          generate(format.cliName(), settings, format, OutputCompression.NONE);
      results.put(format, result);
      List<List<String>> wellFormed = wellFormedFlows(format, result);
      flows.put(format, wellFormed);
      webCounts.put(
          format,
          wellFormed.stream()
              .filter(f -> f.get(6).equals("80") || f.get(6).equals("443"))
              .collect(Collectors.groupingBy(f -> f.get(3), Collectors.counting())));
    }

    assertThat(flows.get(OutputFormat.JSONL)).hasSizeGreaterThan(11_000);
    assertThat(flows.get(OutputFormat.JSON_ARRAY)).isEqualTo(flows.get(OutputFormat.JSONL));
    assertThat(flows.get(OutputFormat.CSV)).isEqualTo(flows.get(OutputFormat.JSONL));
    assertThat(webCounts.get(OutputFormat.JSON_ARRAY)).isEqualTo(webCounts.get(OutputFormat.JSONL));
    assertThat(webCounts.get(OutputFormat.CSV)).isEqualTo(webCounts.get(OutputFormat.JSONL));
    for (GenerationResult result : results.values()) {
      assertThat(result.webFlows())
          .isEqualTo(webCounts.get(OutputFormat.JSONL).values().stream().mapToLong(n -> n).sum());
    }
  }

  /** The well-formed flows of a data set, each its 11 values as text, the header record left out. */
  private static List<List<String>> wellFormedFlows(OutputFormat format, GenerationResult result)
      throws IOException {
    List<List<String>> flows = new ArrayList<>();
    for (Path file : result.files()) {
      if (format == OutputFormat.CSV) {
        for (byte[] line : lines(Files.readAllBytes(file))) {
          CorruptionKind kind = csvKind(line);
          if (kind == null || kind == CorruptionKind.QUOTED_FIELDS) {
            flows.add(List.of(ascii(line).replace("\"", "").split(",", -1)));
          }
        }
        continue;
      }
      List<JsonNode> values = new ArrayList<>();
      if (format == OutputFormat.JSON_ARRAY) {
        MAPPER.readTree(file.toFile()).forEach(values::add);
      } else {
        for (String line : Files.readAllLines(file)) {
          try {
            values.add(MAPPER.readTree(line));
          } catch (IOException notJson) {
            // A corrupt line: not a flow.
          }
        }
      }
      for (JsonNode value : values) {
        if (value != null && value.isObject() && value.has("dstdevice")
            && !value.get("time").asText().equals("time")) {
          List<String> flow = new ArrayList<>();
          value.elements().forEachRemaining(v -> flow.add(v.asText()));
          flows.add(flow);
        }
      }
    }
    return flows;
  }

  // ---------------------------------------------------------------------------------------------
  // Compression

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void compressedFilesHoldThePlainBytesInOneStream(OutputFormat format) throws IOException {
    GenerationResult plain = generate("plain", SETTINGS, format, OutputCompression.NONE);
    GenerationResult gz = generate("gz", SETTINGS, format, OutputCompression.GZ);
    GenerationResult bz2 = generate("bz2", SETTINGS, format, OutputCompression.BZ2);
    GenerationResult bz2Again = generate("bz2-again", SETTINGS, format, OutputCompression.BZ2);

    assertThat(gz.files()).hasSameSizeAs(plain.files());
    for (int i = 0; i < plain.files().size(); i++) {
      String name = plain.files().get(i).getFileName().toString();
      assertThat(gz.files().get(i).getFileName()).hasToString(name + ".gz");
      assertThat(bz2.files().get(i).getFileName()).hasToString(name + ".bz2");
      byte[] expected = Files.readAllBytes(plain.files().get(i));
      assertThat(Arrays.copyOf(Files.readAllBytes(gz.files().get(i)), 3))
          .containsExactly(0x1f, 0x8b, 8);
      assertThat(ascii(Arrays.copyOf(Files.readAllBytes(bz2.files().get(i)), 4)))
          .isEqualTo("BZh9");
      assertThat(content(gz.files().get(i))).isEqualTo(expected);
      assertThat(content(bz2.files().get(i))).as("one bzip2 stream").isEqualTo(expected);
      assertThat(Files.mismatch(bz2.files().get(i), bz2Again.files().get(i))).isEqualTo(-1);
    }
    for (GenerationResult result : List.of(gz, bz2)) {
      assertThat(result).usingRecursiveComparison().ignoringFields("files", "bytes").isEqualTo(plain);
      long stored = 0;
      for (Path file : result.files()) {
        stored += Files.size(file);
      }
      assertThat(result.bytes()).isEqualTo(stored).isLessThan(plain.bytes() / 2);
    }
    assertThat(allContent(bz2)).isEqualTo(allContent(plain));
  }

  // ---------------------------------------------------------------------------------------------
  // What the rules say

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("formatsAndCompressions")
  void batchCountFindsExactlyTheGeneratedFigures(OutputFormat format, OutputCompression compression)
      throws IOException {
    GenerationResult result = generate("data", SETTINGS.withCorruptRate(0.05), format, compression);
    BatchCount count = batchCount(dir.resolve("data"));

    assertThat(count.records()).isEqualTo(result.records());
    assertThat(count.webFlows()).isEqualTo(result.webFlows());
    assertThat(count.rejected()).isEqualTo(result.expectedRejected());
    assertThat(count.rejected().keySet())
        .containsExactlyInAnyOrderElementsOf(
            CorruptionKind.of(format).stream()
                .flatMap(kind -> kind.rejectReason().stream())
                .collect(Collectors.toSet()));

    GenerationResult reference =
        generate("reference", SETTINGS.withCorruptRate(0.05), OutputFormat.JSONL,
            OutputCompression.NONE);
    assertThat(count.counts()).isEqualTo(batchCount(dir.resolve("reference")).counts());
    assertThat(reference.webFlows()).isEqualTo(result.webFlows());
  }

  @Test
  void jsonLinesFilesStartWithAnObjectEvenWhenEveryRowIsCorrupt() throws IOException {
    // A file whose first non-blank line is text is CSV by content (docs/design.md §1): the text slot
    // writes a cut line there instead.
    GenerationResult result =
        generate(
            "data", new GeneratorSettings(300, 3, 5, 1, 5_000), OutputFormat.JSONL,
            OutputCompression.NONE);

    for (Path file : result.files()) {
      String firstNonBlank =
          Files.readAllLines(file).stream().filter(l -> !l.isBlank()).findFirst().orElse("{");
      assertThat(firstNonBlank).as(file.getFileName().toString()).startsWith("{");
    }
    BatchCount count = batchCount(dir.resolve("data"));
    assertThat(count.records()).isEqualTo(result.records());
    assertThat(count.webFlows()).isEqualTo(result.webFlows());
    assertThat(count.rejected()).isEqualTo(result.expectedRejected());
  }

  @Test
  void corruptRowsOfOneSeedAreTheSameRowsInEveryFormat() throws IOException {
    GeneratorSettings settings = SETTINGS.withCorruptRate(0.02);
    Map<String, Long> slots = new HashMap<>();
    for (OutputFormat format : OutputFormat.values()) {
      GenerationResult result = generate(format.cliName(), settings, format, OutputCompression.NONE);
      Map<CorruptionKind, Long> c = result.corrupt();
      long text =
          c.get(CorruptionKind.NOT_JSON) + c.get(CorruptionKind.STRING_ELEMENT)
              + c.get(CorruptionKind.UNBALANCED_QUOTES) + c.get(CorruptionKind.INVALID_UTF8);
      long cut =
          c.get(CorruptionKind.TRUNCATED_JSON) + c.get(CorruptionKind.ARRAY_ELEMENT)
              + c.get(CorruptionKind.WRONG_FIELD_COUNT);
      long device = c.get(CorruptionKind.MISSING_DSTDEVICE) + c.get(CorruptionKind.EMPTY_DSTDEVICE);
      long accepted = c.get(CorruptionKind.NUMERIC_DSTPORT) + c.get(CorruptionKind.QUOTED_FIELDS);
      String figures =
          text + cut + "/" + device + "/" + accepted + "/" + c.get(CorruptionKind.EMPTY_LINE);
      slots.merge(figures, 1L, Long::sum);
    }
    assertThat(slots).hasSize(1).containsValue(3L);
  }

  // ---------------------------------------------------------------------------------------------
  // Existing files

  @Test
  void refusesToMixTwoDataSetsInOneFolderUnlessAsked() throws IOException {
    Path folder = dir.resolve("data");
    FlowGenerator.generate(folder, SETTINGS.withFiles(2).withRowsPerFile(10));
    Files.writeString(folder.resolve("notes.txt"), "keep me");

    assertThatThrownBy(
            () ->
                FlowGenerator.generate(
                    folder, SETTINGS, OutputFormat.CSV, OutputCompression.GZ, false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("2 generated file(s) (time_01.json ...) already in");

    FlowGenerator.generate(folder, SETTINGS, OutputFormat.CSV, OutputCompression.GZ, true);
    try (Stream<Path> listing = Files.list(folder)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("netflow_day-03.gz", "notes.txt");
    }
    assertThatThrownBy(
            () ->
                FlowGenerator.generate(
                    folder, SETTINGS, OutputFormat.JSON_ARRAY, OutputCompression.BZ2, false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("1 generated file(s) (netflow_day-03.gz) already in");
  }
}
