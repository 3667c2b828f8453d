package io.flowrank.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import java.time.Duration;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowGeneratorTest {

  private static final String HEADER =
      "{\"time\": \"time\", \"duration\": \"duration\", \"srcdevice\": \"srcdevice\", "
          + "\"dstdevice\": \"dstdevice\", \"protocol\": \"protocol\", \"srcport\": \"srcport\", "
          + "\"dstport\": \"dstport\", \"srcpackets\": \"srcpackets\", \"dstpackets\": "
          + "\"dstpackets\", \"srcbytes\": \"srcbytes\", \"dstbytes\": \"dstbytes\"}";

  private static final String DEVICE =
      "(Comp\\d{6}|IP\\d{6}|EnterpriseAppServer|ActiveDirectory|VPN)";
  private static final String PORT = "(Port\\d{5}|\\d{1,5})";
  private static final String NUMBER = "(0|[1-9]\\d*)";

  /** A flow exactly as csvjson --stream writes it: key order, spacing, every value a string. */
  private static final Pattern FLOW =
      Pattern.compile(
          "\\{\"time\": \"(?<time>\\d+)\", \"duration\": \""
              + NUMBER
              + "\", "
              + "\"srcdevice\": \""
              + DEVICE
              + "\", \"dstdevice\": \"(?<dst>"
              + DEVICE
              + ")\", "
              + "\"protocol\": \"(6|17)\", \"srcport\": \""
              + PORT
              + "\", "
              + "\"dstport\": \"(?<port>80|443|53|137|138|389|445|88|123|514|Port\\d{5})\", "
              + "\"srcpackets\": \""
              + NUMBER
              + "\", \"dstpackets\": \""
              + NUMBER
              + "\", "
              + "\"srcbytes\": \""
              + NUMBER
              + "\", \"dstbytes\": \""
              + NUMBER
              + "\"\\}");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private static BatchCount batchCount(Path folder) throws IOException {
    return new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
        .count(InputFiles.at(folder, Limits.DEFAULT_MAX_RECORD_BYTES));
  }

  private static List<String> allLines(GenerationResult result) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : result.files()) {
      lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    }
    return lines;
  }

  @Test
  void namesFilesWithAtLeastTwoDigits() {
    assertThat(FlowGenerator.fileName(1, 50)).isEqualTo("time_01.json");
    assertThat(FlowGenerator.fileName(50, 50)).isEqualTo("time_50.json");
    assertThat(FlowGenerator.fileName(7, 9)).isEqualTo("time_07.json");
    assertThat(FlowGenerator.fileName(1, 99)).isEqualTo("time_01.json");
    assertThat(FlowGenerator.fileName(1, 100)).isEqualTo("time_001.json");
    assertThat(FlowGenerator.fileName(100, 100)).isEqualTo("time_100.json");
    assertThat(FlowGenerator.fileName(42, 1_000)).isEqualTo("time_0042.json");
  }

  @Test
  void writesTheFilesInTheOrderInputFilesReadsThem() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(100, 1, 1, 0, 5_000));

    assertThat(result.filesWritten()).isEqualTo(100);
    assertThat(result.files().get(0).getFileName()).hasToString("time_001.json");
    assertThat(result.files().get(99).getFileName()).hasToString("time_100.json");
    assertThat(InputFiles.at(dir, Limits.DEFAULT_MAX_RECORD_BYTES).files())
        .containsExactlyElementsOf(result.files());
    assertThat(Files.readAllLines(result.files().get(0))).containsExactly(HEADER);
    assertThat(Files.readAllLines(result.files().get(1))).singleElement().asString().matches(FLOW);
  }

  @Test
  void firstLineOfTheFirstFileIsTheEchoedHeaderOnly() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, GeneratorSettings.defaults().withFiles(2).withRowsPerFile(100));

    List<String> first = Files.readAllLines(result.files().get(0));
    List<String> second = Files.readAllLines(result.files().get(1));
    assertThat(first).hasSize(100);
    assertThat(second).hasSize(100);
    assertThat(first.get(0)).isEqualTo(HEADER);
    assertThat(first.subList(1, 100)).noneMatch(HEADER::equals);
    assertThat(second).noneMatch(HEADER::equals);
  }

  @Test
  void linesAreCsvjsonStreamRecords() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(2, 3_000, 11, 0, 5_000));

    List<String> lines = allLines(result);
    assertThat(lines).hasSize(6_000);
    assertThat(Files.readString(result.files().get(1))).endsWith("}\n").doesNotContain("\r");
    List<String> flows = lines.subList(1, lines.size());
    assertThat(flows).allMatch(line -> FLOW.matcher(line).matches(), "a csvjson --stream flow");
    JsonNode flow = MAPPER.readTree(flows.get(0));
    List<String> keys = new ArrayList<>();
    flow.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
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
            "dstbytes");
    for (Iterator<JsonNode> values = flow.elements(); values.hasNext(); ) {
      assertThat(values.next().isTextual()).isTrue();
    }
  }

  @Test
  void timeStartsAtDayThreeAndAdvancesAboutThreeThousandFlowsASecond() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(2, 15_001, 12, 0, 5_000));

    long previous = FlowGenerator.FIRST_TIME;
    long first = -1;
    for (String line : allLines(result).subList(1, 30_002)) {
      var matcher = FLOW.matcher(line);
      assertThat(matcher.matches()).isTrue();
      long time = Long.parseLong(matcher.group("time"));
      assertThat(time).isBetween(previous, previous + 1);
      first = first < 0 ? time : first;
      previous = time;
    }
    assertThat(first).isEqualTo(172_800);
    // 30,001 flows at 2,700 to 3,300 a second: ten seconds, give or take one.
    assertThat(previous - first).isBetween(9L, 11L);
  }

  /**
   * JSON lines are the bench's and the tests' data: their bytes for given settings never change
   * unless on purpose. The web flows per device are still those of the generator before the
   * evidence had structure (its digest of the sorted "device count" lines), so the notebook's table
   * by count stays what it was.
   */
  @Test
  void jsonLinesBytesArePinnedAndTheCountsAreThoseOfEarlierVersions() throws Exception {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(3, 3_000, 42, 0.02, 5_000));

    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (Path file : result.files()) {
      sha256.update(Files.readAllBytes(file));
    }
    assertThat(HexFormat.of().formatHex(sha256.digest()))
        .isEqualTo("1217755367891a1f1fa9dcb67ff02e6e6ab48b50988c6b2eafb550eb7b6b07e5");
    assertThat(result.webFlows()).isEqualTo(1_714);
    StringBuilder table = new StringBuilder();
    new java.util.TreeMap<>(batchCount(dir).counts())
        .forEach((device, count) -> table.append(device).append(' ').append(count).append('\n'));
    assertThat(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(table.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .isEqualTo("114cc9c3bbbca43f3c6dce9088dc20d79faf83633d319689db1c186fbce2678e");
  }

  /**
   * The notebook-sized sample, in the demo's windows of a minute: devices become web servers, the
   * late starters among them, each in the window after its start (docs/design.md, "Synthetic
   * data"), and nothing answers a late starter before its start.
   */
  @Test
  void theDemoSampleHasEventsAndItsLateStartersAreKnownEvents() throws IOException {
    GenerationResult result = FlowGenerator.generate(dir, GeneratorSettings.defaults());
    BatchCount count =
        new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
            .count(
                InputFiles.at(dir, Limits.DEFAULT_MAX_RECORD_BYTES),
                Windowing.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(48)),
                ServerRule.DEFAULT);
    BatchWindows windows = count.windows().orElseThrow();

    assertThat(result.lateStarters())
        .containsExactly(
            Map.entry("Comp822481", 172_866L),
            Map.entry("IP454153", 172_891L),
            Map.entry("Comp230591", 172_924L));
    assertThat(windows.byWindow().keySet()).containsExactly(172_800L, 172_860L, 172_920L);
    assertThat(windows.late()).isZero();
    assertThat(windows.events()).hasSizeGreaterThan(100);
    Map<String, Long> eventWindows =
        windows.events().stream()
            .collect(Collectors.toMap(ServerEvent::dstdevice, ServerEvent::window));
    assertThat(eventWindows)
        .containsEntry("Comp822481", 172_860L)
        .containsEntry("IP454153", 172_860L)
        .containsEntry("Comp230591", 172_920L);
    // Before its start a late starter is only scanned: nothing answered in the windows before.
    assertThat(windows.byWindow().get(172_800L).get("Comp822481").answered()).isZero();
    assertThat(windows.byWindow().get(172_860L).get("Comp230591").answered()).isZero();
    assertThat(count.evidence().get("Comp230591").count())
        .as("its count is its popularity's, as before")
        .isGreaterThan(windows.byWindow().get(172_920L).get("Comp230591").count());
  }

  @Test
  void outOfOrderFilesLagBehindTheFilesBeforeThemAndCountTheSame() throws IOException {
    GeneratorSettings settings = new GeneratorSettings(12, 3_000, 9, 0, 5_000);
    Path inOrder = generated("in-order", settings);
    Path lagging = generated("lagging", settings.withOutOfOrder(120));

    assertThat(batchCount(lagging).counts()).isEqualTo(batchCount(inOrder).counts());
    long[] range4 = timeRange(lagging.resolve("time_04.json"));
    long[] range5 = timeRange(lagging.resolve("time_05.json"));
    long[] range6 = timeRange(lagging.resolve("time_06.json"));
    long[] range9 = timeRange(lagging.resolve("time_09.json"));
    long[] range10 = timeRange(lagging.resolve("time_10.json"));
    assertThat(range5[1]).as("time_05 lags by 120 s").isLessThan(range4[0]);
    assertThat(range5[0]).isEqualTo(timeRange(inOrder.resolve("time_05.json"))[0] - 120);
    assertThat(range6[0]).as("and the clock ran on").isGreaterThanOrEqualTo(range4[1]);
    assertThat(range10[0]).as("time_10 lags by 12 s").isLessThan(range9[1]);
    assertThat(range10[0]).isEqualTo(timeRange(inOrder.resolve("time_10.json"))[0] - 12);
    assertThatThrownBy(() -> settings.withOutOfOrder(172_801)).hasMessageContaining("out-of-order");
  }

  @Test
  void aTimeScaleSpreadsTheSameDestinationsOverThatManyTimesTheDataTime() throws IOException {
    GeneratorSettings settings = new GeneratorSettings(2, 6_000, 5, 0, 5_000);
    Path paced = generated("paced", settings);
    Path scaled = generated("scaled", settings.withTimeScale(100));

    Pattern time = Pattern.compile("^\\{\"time\": \"(\\d+)\"");
    List<String> pacedLines = Files.readAllLines(paced.resolve("time_02.json"));
    List<String> scaledLines = Files.readAllLines(scaled.resolve("time_02.json"));
    assertThat(scaledLines).hasSameSizeAs(pacedLines);
    for (int i = 0; i < pacedLines.size(); i++) {
      var a = time.matcher(pacedLines.get(i));
      var b = time.matcher(scaledLines.get(i));
      boolean timed = a.find();
      assertThat(b.find()).isEqualTo(timed);
      if (!timed) {
        continue;
      }
      long offset = Long.parseLong(a.group(1)) - FlowGenerator.FIRST_TIME;
      assertThat(Long.parseLong(b.group(1))).isEqualTo(FlowGenerator.FIRST_TIME + 100 * offset);
      // The same flow (a web flow's client and answer are drawn apart, by the roles of its time).
      assertThat(destination(scaledLines.get(i))).isEqualTo(destination(pacedLines.get(i)));
    }
    assertThat(timeRange(scaled.resolve("time_02.json"))[1] - FlowGenerator.FIRST_TIME)
        .as("4 s of data at LANL's pace, 400 s scaled")
        .isGreaterThan(300);
    assertThatThrownBy(() -> settings.withTimeScale(0)).hasMessageContaining("time scale");
  }

  /** The files of {@code settings} in a folder of their own, {@code name}. */
  private Path generated(String name, GeneratorSettings settings) throws IOException {
    Path out = Files.createDirectory(dir.resolve(name));
    FlowGenerator.generate(out, settings);
    return out;
  }

  private static String destination(String line) {
    var m = Pattern.compile("\"dstdevice\": \"[^\"]*\".*\"dstport\": \"[^\"]*\"").matcher(line);
    return m.find() ? m.group() : line;
  }

  /** The smallest and the largest time of a JSON-lines file's flows. */
  private static long[] timeRange(Path file) throws IOException {
    long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
    Pattern time = Pattern.compile("\\{\"time\": \"(\\d+)\"");
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(
          line -> {
            var m = time.matcher(line);
            if (m.lookingAt()) {
              long t = Long.parseLong(m.group(1));
              range[0] = Math.min(range[0], t);
              range[1] = Math.max(range[1], t);
            }
          });
    }
    return range;
  }

  /** The evidence has the structure docs/design.md §8 promises, so the rankings differ. */
  @Test
  void scannersBusyServersAndAMostlyUnansweredDeviceInTheTop20() throws IOException {
    FlowGenerator.generate(dir, new GeneratorSettings(5, 10_000, 42, 0.001, 5_000));
    BatchCount count = batchCount(dir);
    var evidence = count.evidence();
    List<String> byCount = rank(evidence, io.flowrank.core.evidence.Measure.COUNT);
    List<String> byAnswered = rank(evidence, io.flowrank.core.evidence.Measure.ANSWERED);
    List<String> byClients = rank(evidence, io.flowrank.core.evidence.Measure.CLIENTS);
    String scanned = byCount.get(WebServerRoles.SCANNED_RANK);
    assertThat(scanned).isEqualTo("Comp501516");
    var scannedEvidence = evidence.get(scanned);
    assertThat(scannedEvidence.answered() * 2).as("mostly unanswered").isLessThan(scannedEvidence.count());
    assertThat(byAnswered.subList(0, 20)).doesNotContain(scanned);
    assertThat(byClients.subList(0, 10)).isNotEqualTo(byCount.subList(0, 10));
    assertThat(byAnswered.subList(0, 10)).isNotEqualTo(byCount.subList(0, 10));
    // The busiest servers answer many distinct clients; scanners sweep many devices.
    assertThat(evidence.get("EnterpriseAppServer").clients())
        .isGreaterThan(evidence.get("EnterpriseAppServer").count() / 2);
    long webFlows = count.webFlows();
    long answered = evidence.values().stream().mapToLong(e -> e.answered()).sum();
    assertThat((double) (webFlows - answered) / webFlows).as("unanswered share").isBetween(0.1, 0.3);
  }

  private static List<String> rank(
      java.util.Map<String, io.flowrank.core.evidence.Evidence> evidence,
      io.flowrank.core.evidence.Measure measure) {
    return evidence.entrySet().stream()
        .map(e -> new io.flowrank.core.ranking.RankedEvidence(e.getKey(), e.getValue()))
        .sorted(io.flowrank.core.ranking.RankedEvidence.order(measure))
        .map(io.flowrank.core.ranking.RankedEvidence::dstdevice)
        .toList();
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    GeneratorSettings settings = new GeneratorSettings(3, 2_000, 7, 0.01, 5_000);
    GenerationResult a = FlowGenerator.generate(dir.resolve("a"), settings);
    GenerationResult b = FlowGenerator.generate(dir.resolve("b"), settings);
    GenerationResult c = FlowGenerator.generate(dir.resolve("c"), settings.withSeed(8));

    for (int i = 0; i < 3; i++) {
      assertThat(Files.mismatch(a.files().get(i), b.files().get(i))).isEqualTo(-1);
      assertThat(Files.mismatch(a.files().get(i), c.files().get(i))).isNotEqualTo(-1);
    }
    assertThat(b).usingRecursiveComparison().ignoringFields("files").isEqualTo(a);
    assertThat(a.bytes())
        .isEqualTo(
            Files.size(a.files().get(0))
                + Files.size(a.files().get(1))
                + Files.size(a.files().get(2)));
  }

  @Test
  void batchCountFindsTheWebShareAndExactlyTheCorruptLinesRejected() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(5, 5_000, 42, 0.01, 5_000));
    BatchCount count = batchCount(dir);

    assertThat(count.files()).isEqualTo(5);
    assertThat(count.records()).isEqualTo(result.records());
    assertThat(count.webFlows()).isEqualTo(result.webFlows());
    assertThat((double) count.webFlows() / count.records()).isBetween(0.15, 0.25);
    assertThat(count.rejected()).isEqualTo(result.expectedRejected());
    assertThat(count.rejected().keySet())
        .containsExactlyInAnyOrder(RejectReason.NOT_JSON, RejectReason.MISSING_DSTDEVICE);
    // Every kind of JSON lines shows up, and no other; three kinds in five are rejected.
    assertThat(result.corrupt())
        .allSatisfy(
            (kind, n) ->
                assertThat(n > 0).isEqualTo(CorruptionKind.of(OutputFormat.JSONL).contains(kind)));
    assertThat((double) result.corruptLines() / result.rows()).isCloseTo(0.01, within(0.003));
    assertThat((double) count.rejectedTotal() / result.rows()).isCloseTo(0.006, within(0.002));
  }

  @Test
  void numericDstportsAreCountedAsTheRulesSay() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(1, 5_000, 3, 1, 5_000));
    BatchCount count = batchCount(dir);
    List<String> lines = allLines(result);

    assertThat(lines).anyMatch(line -> line.contains("\"dstport\": 443, "));
    assertThat(lines).anyMatch(line -> line.contains("\"dstport\": 80, "));
    assertThat(result.corruptLines()).isEqualTo(4_999);
    assertThat(count.webFlows()).isPositive().isEqualTo(result.webFlows());
    assertThat(count.records()).isEqualTo(result.records());
    assertThat(count.rejected()).isEqualTo(result.expectedRejected());
  }

  @Test
  void noCorruptionWhenTheRateIsZero() throws IOException {
    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(2, 5_000, 5, 0, 5_000));
    BatchCount count = batchCount(dir);

    assertThat(result.corruptLines()).isZero();
    assertThat(count.rejectedTotal()).isZero();
    assertThat(count.records()).isEqualTo(10_000);
    assertThat(count.webFlows()).isEqualTo(result.webFlows());
  }

  @Test
  void rankingHasAHeavyHeadAndALongTail() throws IOException {
    FlowGenerator.generate(dir, new GeneratorSettings(5, 5_000, 42, 0.001, 5_000));
    BatchCount count = batchCount(dir);

    List<DeviceCount> top = TopN.of(count.counts(), 20);
    assertThat(top.subList(0, 3))
        .extracting(DeviceCount::dstdevice)
        .containsExactlyInAnyOrder("EnterpriseAppServer", "Comp576843", "Comp186884");
    double firstShare = (double) top.get(0).count() / count.webFlows();
    assertThat(firstShare).isBetween(0.025, 0.04);
    assertThat(top.get(0).count()).isGreaterThan(4 * top.get(19).count());
    // A long tail: most web devices are seen, and together the tail outweighs the head.
    assertThat(count.counts()).hasSizeGreaterThan(1_500);
    long headFlows = top.stream().mapToLong(DeviceCount::count).sum();
    assertThat(headFlows).isLessThan(count.webFlows() / 3);
  }

  @Test
  void aLargerWebPopulationSpreadsTheFlows() throws IOException {
    GeneratorSettings settings = new GeneratorSettings(1, 20_000, 42, 0, 5_000);
    FlowGenerator.generate(dir.resolve("small"), settings);
    FlowGenerator.generate(dir.resolve("large"), settings.withWebDevices(1_000_000));

    int smallDevices = batchCount(dir.resolve("small")).counts().size();
    int largeDevices = batchCount(dir.resolve("large")).counts().size();
    assertThat(smallDevices).isLessThanOrEqualTo(5_000);
    assertThat(largeDevices).isGreaterThan(smallDevices + 500);
  }

  @Test
  void refusesToOverwriteUnlessAsked() throws IOException {
    FlowGenerator.generate(dir, new GeneratorSettings(5, 10, 1, 0, 5_000));
    Files.writeString(dir.resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> FlowGenerator.generate(dir, new GeneratorSettings(2, 10, 2, 0, 5_000)))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("5 generated file(s) (time_01.json ...) already in");

    GenerationResult result =
        FlowGenerator.generate(dir, new GeneratorSettings(2, 10, 2, 0, 5_000), true);
    try (Stream<Path> listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
          .containsExactlyInAnyOrder("time_01.json", "time_02.json", "notes.txt");
    }
    assertThat(result.filesWritten()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep me");
  }

  @Test
  void createsMissingFolders() throws IOException {
    Path nested = dir.resolve("a/b");
    GenerationResult result =
        FlowGenerator.generate(nested, new GeneratorSettings(1, 10, 1, 0, 20));

    assertThat(result.files()).containsExactly(nested.resolve("time_01.json"));
    assertThat(result.corrupt())
        .containsOnlyKeys(CorruptionKind.values())
        .allSatisfy((k, n) -> assertThat(n).isZero());
    assertThat(result.expectedRejected()).isEqualTo(Map.of());
  }
}
