package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.InputFormat;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.WindowClock;
import io.flowrank.core.time.Windowing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Windows of data time and the events (docs/design.md, "Time") as the production topology keeps
 * them: windows of a minute with a grace of 10 s, a server needing 3 answered web flows from 2
 * clients in one window.
 */
class WindowTopologyTest {

  private static final Windowing MINUTES = new Windowing(60, 10, 3_600);
  private static final ServerRule RULE = new ServerRule(3, 2);

  @TempDir Path stateDir;

  private DrivenTopology topology;

  @BeforeEach
  void start() {
    topology =
        DrivenTopology.start(stateDir, new TimeSettings(java.util.Optional.of(MINUTES), RULE));
  }

  @AfterEach
  void stop() {
    topology.close();
  }

  /** A web flow from {@code client} to {@code device} at {@code time}, answered or not. */
  private static FlowLine web(String client, String device, long time, boolean answered) {
    return FlowLine.lanl(client, device, "443")
        .set("time", Long.toString(time))
        .set("dstpackets", answered ? "1" : "0");
  }

  private static FlowLine web(String device, long time) {
    return web("Comp1", device, time, true);
  }

  /** The web flows of each device per window start. */
  private Map<Long, Map<String, Long>> windowCounts() {
    Map<Long, Map<String, Long>> counts = new TreeMap<>();
    topology
        .windows()
        .forEach(
            (start, devices) -> {
              Map<String, Long> byDevice = new TreeMap<>();
              devices.forEach((device, evidence) -> byDevice.put(device, evidence.count()));
              counts.put(start, byDevice);
            });
    return counts;
  }

  private long stat(String key) {
    return topology.stats().getOrDefault(key, 0L);
  }

  @Test
  void aFlowGoesToTheWindowOfItsOwnTimeStartsAMultipleOfTheSize() {
    topology.sendFrame(0, List.of(web("Web", 172_799), web("Web", 172_800)));
    topology.sendFrame(172_800, List.of(web("Web", 172_859), web("Web", 172_860), web("VPN", 0)));

    assertThat(windowCounts())
        .isEqualTo(
            Map.of(
                172_740L, Map.of("Web", 1L),
                172_800L, Map.of("Web", 2L),
                172_860L, Map.of("Web", 1L)));
    Evidence minute = topology.windows().get(172_800L).get("Web");
    assertThat(minute.firstSeen()).isEqualTo(172_800);
    assertThat(minute.lastSeen()).isEqualTo(172_859);
    assertThat(topology.counts()).containsEntry("Web", 4L).containsEntry("VPN", 1L);
    assertThat(stat(FlowStats.LATE)).as("the flow at 0, its window long closed").isEqualTo(1);
  }

  @Test
  void aFrameSpanningTwoWindowsCrossesTheRepartitionOnceWithBothWindows() {
    topology.sendFrame(
        172_858,
        List.of(
            web("Comp1", "Web", 172_858, true),
            web("Comp2", "Web", 172_859, false),
            web("Comp2", "Web", 172_860, true),
            web("Comp1", "VPN", 172_861, true)));

    List<TestRecord<String, byte[]>> crossed =
        topology.repartitioned().stream()
            .filter(record -> !record.key().equals(EvidenceBatch.PROGRESS_KEY))
            .toList();
    Map<String, Map<Long, Long>> windowsOf = new TreeMap<>();
    for (TestRecord<String, byte[]> record : crossed) {
      BatchContents.forEach(
          record.value(),
          (device, tally, windows) -> {
            Map<Long, Long> counts = new TreeMap<>();
            for (int i = 0; i < windows.size(); i++) {
              counts.put(windows.start(i), windows.tally(i).count());
              if (device.equals("VPN")) {
                assertThat(windows.tally(i)).as("all its flows in one window").isSameAs(tally);
              }
            }
            windowsOf.put(device, counts);
          });
    }
    assertThat(crossed).hasSizeLessThanOrEqualTo(2);
    assertThat(windowsOf)
        .isEqualTo(Map.of("Web", Map.of(172_800L, 2L, 172_860L, 1L), "VPN", Map.of(172_860L, 1L)));
    Map<Long, Map<String, Evidence>> windows = topology.windows();
    assertThat(windows.get(172_800L).get("Web").answered()).isEqualTo(1);
    assertThat(windows.get(172_800L).get("Web").clients()).isEqualTo(2);
    assertThat(windows.get(172_860L).get("Web").clients()).isEqualTo(1);
    assertThat(topology.evidence().get("Web").clients()).isEqualTo(2);
  }

  @Test
  void aFlowWhoseWindowClosedBeforeItsWatermarkCountsInAllTimeOnlyAsLate() {
    topology.sendFrame(0, List.of(web("Web", 172_900)));
    // The watermark is 172900: the window 172800..172860 closed at 172870, 172860..172920 is open.
    topology.sendFrame(172_900, List.of(web("Web", 172_805), web("Web", 172_865)));
    // Within a frame the watermark moves line by line: 173000 closes 172860..172920 (at 172930).
    topology.sendFrame(172_900, List.of(web("Web", 173_000), web("Web", 172_899)));
    // Without a watermark (another writer's record) nothing is late.
    topology.send(web("Web", 172_801).json());

    assertThat(windowCounts())
        .isEqualTo(
            Map.of(
                172_800L, Map.of("Web", 1L),
                172_860L, Map.of("Web", 2L),
                172_980L, Map.of("Web", 1L)));
    assertThat(topology.counts()).containsEntry("Web", 6L);
    assertThat(stat(FlowStats.LATE)).isEqualTo(2);
  }

  @Test
  void theTotalsInMemoryKeepTheWindowsHeldAndAgreeWithTheStore() {
    topology.close();
    // Windows of a minute held two minutes after their end.
    topology =
        DrivenTopology.start(
            stateDir, new TimeSettings(Optional.of(new Windowing(60, 10, 120)), RULE));
    topology.sendFrame(List.of(web("C1", "S1", 172_800, true), web("C2", "S1", 172_830, true)));
    topology.sendFrame(List.of(web("C1", "S2", 172_870, true)));
    assertThat(topology.rankings().totalsOf(0).orElseThrow())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    172_800L, new WindowTotal(2, 172_830), 172_860L, new WindowTotal(1, 172_870))));

    // At 172,990 the first window (its end 172,860, plus 120 s) is no longer held.
    topology.sendFrame(List.of(web("C1", "S1", 172_990, true)));
    NavigableMap<Long, WindowTotal> live = topology.rankings().totalsOf(0).orElseThrow();
    assertThat(live.keySet()).containsExactly(172_860L, 172_980L);
    assertThat(topology.windowTotals()).containsAllEntriesOf(live);
  }

  @Test
  void aWebFlowWithoutAValidTimeCountsInAllTimeOnlyAsUntimed() {
    topology.sendFrame(
        0,
        List.of(
            web("Web", 172_800),
            web("Comp1", "Web", 0, true).remove("time"),
            web("Comp1", "Web", 0, true).set("time", "12a"),
            web("Comp1", "Web", 0, true).set("time", "9223372036854775808")));

    assertThat(windowCounts()).isEqualTo(Map.of(172_800L, Map.of("Web", 1L)));
    assertThat(topology.counts()).containsEntry("Web", 4L);
    assertThat(stat(FlowStats.incompleteKey(NumericField.TIME))).isEqualTo(3);
    assertThat(stat(FlowStats.LATE)).isZero();
  }

  @Test
  void aDeviceBecomesAWebServerOnceTheFirstTimeAWindowQualifies() {
    // One client alone, or nothing answered, is not a server.
    topology.sendFrame(
        0,
        List.of(
            web("Comp1", "Lonely", 172_800, true),
            web("Comp1", "Lonely", 172_801, true),
            web("Comp1", "Lonely", 172_802, true),
            web("Comp1", "Scanned", 172_800, false),
            web("Comp2", "Scanned", 172_801, false),
            web("Comp3", "Scanned", 172_802, false),
            web("Comp1", "Web", 172_803, true),
            web("Comp2", "Web", 172_804, true)));
    assertThat(topology.events()).isEmpty();
    // The third answered flow comes in the next frame: the window qualifies there, but the one
    // before it may still gain flows (its end plus the grace, 172_810, is above the watermark).
    topology.sendFrame(172_804, List.of(web("Comp2", "Web", 172_805, true)));
    assertThat(topology.events()).isEmpty();
    ServerEvent event = new ServerEvent("Web", 172_800, 3, 2, 3, 172_803);
    assertThat(topology.pending()).isEqualTo(Map.of("Web", event));
    // More flows, the watermark past 172_810, and the next window qualifying too: one event, for
    // the first window, with its figures as of the frame that made it qualify.
    topology.sendFrame(
        172_805,
        List.of(
            web("Comp3", "Web", 172_806, true),
            web("Comp1", "Web", 172_860, true),
            web("Comp2", "Web", 172_861, true),
            web("Comp3", "Web", 172_862, true)));
    assertThat(topology.events()).containsExactly(event);
    topology.sendEnd(172_862);
    assertThat(topology.events()).isEmpty();
    assertThat(topology.announced()).isEqualTo(Map.of("Web", event));
    assertThat(topology.pending()).isEmpty();
  }

  @Test
  void aDeviceNamedByALaterWindowWhenTheEarlierOneNeverQualified() {
    topology.sendFrame(
        0,
        List.of(
            web("Comp1", "Late", 172_800, true),
            web("Comp2", "Late", 172_801, true),
            web("Comp1", "Late", 172_860, true),
            web("Comp2", "Late", 172_861, true),
            web("Comp3", "Late", 172_862, true)));
    // 172_800 could still gain flows until the watermark reaches 172_870: the end of the replay
    // says none will come.
    assertThat(topology.events()).isEmpty();
    topology.sendEnd(172_862);

    assertThat(topology.events())
        .containsExactly(new ServerEvent("Late", 172_860, 3, 3, 3, 172_860));
  }

  /**
   * Frames of two partitions of {@code flows} reach the counter in another order than the replay's
   * (one partition's task ran ahead, after a restart say): the later window qualifies first, the
   * earlier one then qualifies too while partition 1 has not closed it, and the event names the
   * earlier one once the end of the replay closes every window.
   */
  @Test
  void theEarliestWindowThatQualifiesIsNamedWhateverTheOrderItQualifiedIn() {
    TestInputTopic<String, byte[]> repartition = topology.repartitionInput();
    repartition.pipeInput(EvidenceBatch.PROGRESS_KEY, progress(1, 172_790));
    repartition.pipeInput("Web", batch(0, 172_882, 172_860, "Comp1", "Comp2", "Comp3"));
    ServerEvent later = new ServerEvent("Web", 172_860, 3, 3, 3, 172_860);
    assertThat(topology.pending())
        .as("partition 1 has not closed 172_800")
        .isEqualTo(Map.of("Web", later));
    repartition.pipeInput("Web", batch(1, 172_805, 172_800, "Comp1", "Comp2", "Comp3"));
    ServerEvent first = new ServerEvent("Web", 172_800, 3, 3, 3, 172_800);
    assertThat(topology.pending())
        .as("still open: 172_740 + 60 + 10 > 172_805")
        .isEqualTo(Map.of("Web", first));
    assertThat(topology.events()).isEmpty();
    repartition.pipeInput(
        EvidenceBatch.PROGRESS_KEY, progress(0, EvidenceBatch.Progress.UNBOUNDED));
    assertThat(topology.events()).as("partition 1 bounds it still").isEmpty();
    repartition.pipeInput(
        EvidenceBatch.PROGRESS_KEY, progress(1, EvidenceBatch.Progress.UNBOUNDED));

    assertThat(topology.events()).containsExactly(first);
    assertThat(topology.announced()).isEqualTo(Map.of("Web", first));
    assertThat(topology.pending()).isEmpty();
  }

  /**
   * Two producers' replays in one partition of {@code flows} (several at once): the end of one,
   * then the other's frames with a lower watermark, then its end, which closes the windows again.
   */
  @Test
  void theEndOfAReplayClosesTheWindowsAfterAnotherReplaysFrames() {
    topology.sendEnd(172_700);
    topology.sendFrame(
        0,
        List.of(
            web("Comp1", "Web", 172_800, true),
            web("Comp2", "Web", 172_801, true),
            web("Comp3", "Web", 172_802, true)));
    assertThat(topology.events()).as("172_740 open until 172_810").isEmpty();
    topology.sendEnd(172_802);

    assertThat(topology.events())
        .containsExactly(new ServerEvent("Web", 172_800, 3, 3, 3, 172_800));
  }

  /** The progress a classifier sends after a frame that reached {@code watermark}. */
  private static long firstOpen(long watermark) {
    return watermark == EvidenceBatch.Progress.UNBOUNDED
        ? watermark
        : MINUTES.firstOpen(watermark);
  }

  private static byte[] progress(int source, long watermark) {
    EvidenceBatch.Builder builder = new EvidenceBatch.Builder(0);
    builder.progress(source, firstOpen(watermark));
    return builder.progressOnly();
  }

  /**
   * A batch of "Web" from partition {@code source}: one answered flow at {@code window} per client.
   */
  private static byte[] batch(int source, long watermark, long window, String... clients) {
    Tally tally = new Tally();
    tally.addSums(clients.length, clients.length, Total.ZERO, Total.ZERO);
    tally.addPort(443, clients.length);
    tally.seen(window, window);
    for (String client : clients) {
      tally.addClient(client);
    }
    WindowTallies windows = new WindowTallies(new java.util.ArrayDeque<>());
    windows.share(window, tally);
    EvidenceBatch.Builder builder = new EvidenceBatch.Builder(0);
    builder.progress(source, firstOpen(watermark));
    builder.add("Web", "Web".getBytes(StandardCharsets.UTF_8), tally, windows);
    return builder.take();
  }

  /**
   * The differential test: random flows in time order with lags back (within the grace and beyond),
   * untimed and other flows, framed at random and stamped as the producer stamps them, end equal to
   * the batch count of the same lines: every window of every device, the late, the events.
   */
  @Test
  void everyWindowAndTheEventsEqualTheBatchCountOverTheSameLines(@TempDir Path data)
      throws IOException {
    assertEqualsTheBatchCount(data);
  }

  /**
   * The same when a task keeps none or a few of its (device, client) pairs in memory: past them,
   * the pairs' store says whether a client is new to a device and in which window it was last.
   */
  @ParameterizedTest(name = "{0} pairs in memory")
  @ValueSource(ints = {0, 40})
  void theSameWhenOnlyAFewPairsFitInMemory(int pairsInMemory, @TempDir Path data)
      throws IOException {
    topology.close();
    topology =
        DrivenTopology.start(
            stateDir, new TimeSettings(java.util.Optional.of(MINUTES), RULE), pairsInMemory);
    assertEqualsTheBatchCount(data);
  }

  private void assertEqualsTheBatchCount(Path data) throws IOException {
    Random random = new Random(2103);
    List<FlowLine> flows = new ArrayList<>();
    long time = 172_800;
    for (int i = 0; i < 3_000; i++) {
      time += random.nextInt(3) == 0 ? 1 : 0;
      long lag =
          switch (random.nextInt(40)) {
            case 0 -> 5 + random.nextInt(10); // within the grace, mostly
            case 1 -> 80 + random.nextInt(100); // beyond it
            default -> 0;
          };
      FlowLine flow =
          web(
              "Comp" + random.nextInt(8),
              "Dev" + random.nextInt(25),
              time - lag,
              random.nextInt(4) != 0);
      switch (random.nextInt(30)) {
        case 0 -> flow.remove("time");
        case 1 -> flow.set("dstport", "53");
        default -> {}
      }
      flows.add(flow);
    }
    Path file = data.resolve("time_01.json");
    Files.write(file, flows.stream().map(FlowLine::json).toList(), StandardCharsets.UTF_8);
    BatchCount batch =
        new BatchCounter(new FlowRules(WebPorts.DEFAULT))
            .count(InputFiles.at(file, Limits.DEFAULT_MAX_RECORD_BYTES), MINUTES, RULE);
    BatchWindows expected = batch.windows().orElseThrow();

    FlowRules rules = new FlowRules(WebPorts.DEFAULT);
    FlowFields fields = new FlowFields();
    long watermark = 0;
    for (int from = 0; from < flows.size(); ) {
      int to = Math.min(flows.size(), from + 1 + random.nextInt(40));
      List<FlowLine> frame = flows.subList(from, to);
      topology.sendFrame(watermark, frame);
      for (FlowLine flow : frame) {
        byte[] line = flow.json().getBytes(StandardCharsets.UTF_8);
        if (rules.judge(InputFormat.JSON_LINES, line, 0, line.length, fields).isWebFlow()) {
          watermark = WindowClock.advance(watermark, fields);
        }
      }
      from = to;
    }
    topology.sendEnd(watermark);

    assertThat(expected.late()).as("late flows in the data").isGreaterThan(20);
    assertThat(expected.byWindow().size()).isGreaterThan(10);
    assertThat(topology.windows()).isEqualTo(expected.byWindow());
    assertThat(topology.evidence()).isEqualTo(batch.evidence());
    // The totals the queries read from memory are the store's.
    assertThat(topology.rankings().totalsOf(0)).hasValue(new TreeMap<>(topology.windowTotals()));
    assertThat(stat(FlowStats.LATE)).isEqualTo(expected.late());
    assertThat(stat(FlowStats.incompleteKey(NumericField.TIME))).isEqualTo(expected.untimed());
    // The device and its window; the figures are those of the frame that made it qualify, so they
    // depend on the framing.
    Map<String, Long> announced = new TreeMap<>();
    expected.events().forEach(e -> announced.put(e.dstdevice(), e.window()));
    assertThat(expected.events()).hasSizeGreaterThan(10);
    Map<String, Long> streamed = new TreeMap<>();
    topology.announced().forEach((device, e) -> streamed.put(device, e.window()));
    assertThat(streamed).isEqualTo(announced);
    assertThat(topology.events()).hasSameSizeAs(expected.events());
  }
}
