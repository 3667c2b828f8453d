package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.ranking.LiveRanking;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology and properties, driven by {@link TopologyTestDriver}. */
class WebServerTopologyTest {

  @TempDir Path stateDir;

  private final Rankings rankings = new Rankings();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> flows;
  private TestOutputTopic<byte[], byte[]> rejected;

  @BeforeEach
  void start() {
    startWith(WebPorts.DEFAULT);
  }

  private void startWith(WebPorts ports) {
    StreamsSettings settings =
        new StreamsSettings(
                "unused:9092", "topology-test", "127.0.0.1", 0, java.util.Optional.empty(), ports,
                java.util.Optional.empty(), 4, 1, 0, null, new Properties())
            .withStateDir(stateDir);
    Topology topology = WebServerTopology.build(settings.topologySettings(4), rankings);
    driver = new TopologyTestDriver(topology, settings.streamsProperties("127.0.0.1:0"));
    flows =
        driver.createInputTopic(
            Topics.FLOWS.name(),
            Topics.FLOWS.keySerde().serializer(),
            Topics.FLOWS.valueSerde().serializer());
    rejected =
        driver.createOutputTopic(
            Topics.FLOWS_REJECTED.name(),
            Topics.FLOWS_REJECTED.keySerde().deserializer(),
            Topics.FLOWS_REJECTED.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(String line) {
    flows.pipeInput((byte[]) null, line.getBytes(StandardCharsets.UTF_8));
  }

  private static String flow(String dstdevice, String dstportJson) {
    return "{\"time\": \"172800\", \"srcdevice\": \"Comp1\", \"dstdevice\": \""
        + dstdevice
        + "\", \"dstport\": "
        + dstportJson
        + "}";
  }

  private Map<String, Long> counts() {
    KeyValueStore<String, Long> store = driver.getKeyValueStore(Names.COUNTS_STORE);
    Map<String, Long> out = new TreeMap<>();
    try (var all = store.all()) {
      all.forEachRemaining(e -> out.put(e.key, e.value));
    }
    return out;
  }

  private Map<String, Long> stats() {
    KeyValueStore<String, Long> store = driver.getKeyValueStore(Names.STATS_STORE);
    Map<String, Long> out = new TreeMap<>();
    try (var all = store.all()) {
      all.forEachRemaining(e -> out.put(e.key, e.value));
    }
    return out;
  }

  @Test
  void countsOnlyWebFlowsPerDstdevice() {
    send(flow("EnterpriseAppServer", "\"443\""));
    send(flow("EnterpriseAppServer", "\"80\""));
    send(flow("Comp576843", "443"));
    send(flow("Comp576843", "\"53\""));
    send(flow("Comp111111", "\"080\""));
    send(flow("Comp111111", "\"Port00080\""));

    assertThat(counts()).containsExactlyInAnyOrderEntriesOf(
        Map.of("EnterpriseAppServer", 2L, "Comp576843", 1L));
    assertThat(stats())
        .containsEntry(FlowStats.WEB_FLOWS, 3L)
        .containsEntry(FlowStats.OTHER_FLOWS, 3L);
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  void keysOfFlowsDoNotMatter() {
    flows.pipeInput("a".getBytes(StandardCharsets.UTF_8), flow("VPN", "\"443\"").getBytes(StandardCharsets.UTF_8));
    flows.pipeInput("b".getBytes(StandardCharsets.UTF_8), flow("VPN", "\"443\"").getBytes(StandardCharsets.UTF_8));
    send(flow("VPN", "\"80\""));

    assertThat(counts()).containsExactlyEntriesOf(Map.of("VPN", 3L));
  }

  @Test
  void rejectedRecordsGoToTheRejectedTopicWithReasonAndSource() {
    RecordHeaders headers = new RecordHeaders();
    FlowHeaders.put(headers, FlowHeaders.FILE, "time_07.json");
    FlowHeaders.put(headers, FlowHeaders.LINE, "42");
    byte[] truncated = "{\"dstdevice\": \"Comp1\", \"dstp".getBytes(StandardCharsets.UTF_8);
    flows.pipeInput(new TestRecord<>(null, truncated, headers));
    send("{\"dstport\": \"443\"}");
    send("[1, 2, 3]");
    send(flow("Comp2", "443.0"));

    List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
    assertThat(out).hasSize(4);
    assertThat(out.get(0).value()).isEqualTo(truncated);
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.FILE)).isEqualTo("time_07.json");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.LINE)).isEqualTo("42");
    assertThat(out.stream().map(r -> FlowHeaders.get(r.headers(), FlowHeaders.REASON)))
        .containsExactly("NOT_JSON", "MISSING_DSTDEVICE", "NOT_AN_OBJECT", "INVALID_DSTPORT");
    assertThat(stats())
        .containsEntry(FlowStats.rejectedKey(RejectReason.NOT_JSON), 1L)
        .containsEntry(FlowStats.rejectedKey(RejectReason.MISSING_DSTDEVICE), 1L)
        .containsEntry(FlowStats.rejectedKey(RejectReason.NOT_AN_OBJECT), 1L)
        .containsEntry(FlowStats.rejectedKey(RejectReason.INVALID_DSTPORT), 1L);
    assertThat(counts()).isEmpty();
  }

  @Test
  void aFrameOfCsvRowsIsJudgedByTheCsvRulesAndOnlyWhenItsHeaderSaysSo() {
    String rows =
        String.join(
            "\n",
            "172800,0,Comp1,Comp2,6,Port1,443,1,1,60,60",
            "172800,0,Comp1,\"Comp,3\",6,Port1,80,1,1,60,60",
            "172800,0,Comp1,Comp2,6,Port1,53,1,1,60,60",
            "172800,0,Comp1,Comp2,6,Port1,080,1,1,60,60",
            "172800,0,Comp1,,6,Port1,443,1,1,60,60",
            "172800,0,Comp1,Comp2,6,Port1,443,1,1,60",
            "172800,0,Comp1,\"Comp2,6,Port1,443,1,1,60,60",
            "");
    RecordHeaders csv = new RecordHeaders();
    csv.add(FlowHeaders.FORMAT, FlowHeaders.FORMAT_CSV.getBytes(StandardCharsets.US_ASCII));
    byte[] key = FlowKey.encode(FlowKey.prefix("netflow_day-03.bz2"), 1);
    flows.pipeInput(new TestRecord<>(key, rows.getBytes(StandardCharsets.UTF_8), csv));

    assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Comp2", 1L, "Comp,3", 1L));
    assertThat(rejected.readRecordsToList().stream().map(r -> FlowHeaders.get(r.headers(), FlowHeaders.REASON)))
        .containsExactly("EMPTY_DSTDEVICE", "FIELD_COUNT", "UNBALANCED_QUOTES");
    assertThat(stats()).containsEntry(FlowStats.OTHER_FLOWS, 2L);

    // The same bytes without the header are JSON lines: every row is NOT_JSON.
    flows.pipeInput(new TestRecord<>(key, rows.getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
    assertThat(rejected.readRecordsToList())
        .hasSize(7)
        .allSatisfy(r -> assertThat(FlowHeaders.get(r.headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON"));
    assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Comp2", 1L, "Comp,3", 1L));
  }

  @Test
  void blankRecordsAreNeitherCountedNorRejected() {
    send("");
    send("   \t ");
    flows.pipeInput((byte[]) null, (byte[]) null);

    assertThat(stats()).isEmpty();
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  void theEchoedHeaderRecordIsAFlowButNotAWebFlow() {
    send("{\"time\": \"time\", \"duration\": \"duration\", \"srcdevice\": \"srcdevice\", "
        + "\"dstdevice\": \"dstdevice\", \"protocol\": \"protocol\", \"srcport\": \"srcport\", "
        + "\"dstport\": \"dstport\"}");

    assertThat(counts()).isEmpty();
    assertThat(stats()).containsExactlyEntriesOf(Map.of(FlowStats.OTHER_FLOWS, 1L));
  }

  @Test
  void configuredPortsReplaceTheDefaults() {
    driver.close();
    startWith(WebPorts.of(List.of(8080)));
    send(flow("Proxy", "\"8080\""));
    send(flow("Comp1", "\"443\""));

    assertThat(counts()).containsExactlyEntriesOf(Map.of("Proxy", 1L));
  }

  @Test
  void storesAndInternalTopicsHaveTheirPinnedNames() {
    String description =
        WebServerTopology.build(TopologySettings.defaults()).describe().toString();

    assertThat(description)
        .contains("Source: flows-source (topics: [flows])")
        .contains("Processor: classify (stores: [flow-stats])")
        .contains("Sink: rejected-sink (topic: flows-rejected)")
        .contains("webflows-by-dstdevice-repartition")
        .contains("Processor: count-web-flows (stores: [webserver-counts])")
        .doesNotContain("KSTREAM-")
        .doesNotContain("KTABLE-");
    // The full name as Kafka Streams derives it: the tests below read and write that topic.
    assertThat(Names.repartitionTopic("topology-test"))
        .isEqualTo("topology-test-webflows-by-dstdevice-repartition");
  }

  @Test
  void theSourceNamedByAFlowKeyGoesIntoTheHeadersOfARejectedRecord() {
    byte[] key = FlowKey.encode(FlowKey.prefix("time_09.json"), 1234);
    flows.pipeInput(key, "not json".getBytes(StandardCharsets.UTF_8));

    TestRecord<byte[], byte[]> out = rejected.readRecord();
    assertThat(out.key()).isEqualTo(key);
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON");
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.FILE)).isEqualTo("time_09.json");
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.LINE)).isEqualTo("1234");
  }

  @Test
  void theLiveRankingAgreesWithTheCountsStore() {
    for (int i = 0; i < 3000; i++) {
      // Devices get i % 97 + 1 .. flows: many ties, many ranks.
      send(flow("Comp" + (i % 97) * (i % 5), "\"443\""));
    }
    Map<String, Long> counts = counts();
    // TopologyTestDriver runs every task as partition 0.
    LiveRanking ranking = rankings.of(0).orElseThrow();
    assertThat(ranking.top(10)).isEqualTo(TopN.of(counts, 10));
    assertThat(ranking.top(Rankings.CAPACITY)).isEqualTo(TopN.of(counts, Rankings.CAPACITY));
  }

  // --- frames: one record of flows, several lines (DESIGN §3) ---

  private void sendFrame(String file, long firstLine, String... lines) {
    flows.pipeInput(
        FlowKey.encode(FlowKey.prefix(file), firstLine),
        String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  private List<TestRecord<String, byte[]>> repartitioned() {
    return driver
        .createOutputTopic(
            Names.repartitionTopic("topology-test"),
            org.apache.kafka.common.serialization.Serdes.String().deserializer(),
            org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer())
        .readRecordsToList();
  }

  private static Map<String, Long> pairs(List<TestRecord<String, byte[]>> records) {
    Map<String, Long> sums = new TreeMap<>();
    for (TestRecord<String, byte[]> record : records) {
      WebFlowBatch.forEach(record.value(), (device, n) -> sums.merge(device, n, Long::sum));
    }
    return sums;
  }

  @Test
  void aFrameIsJudgedLineByLineAndItsWebFlowsCrossTheRepartitionSummed() {
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(flow("Comp" + (i % 3), "\"443\""));
      lines.add(flow("Comp" + (i % 5), "\"53\""));
    }
    lines.add(flow("VPN", "80"));
    sendFrame("time_01.json", 1, lines.toArray(String[]::new));

    assertThat(counts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Comp0", 14L, "Comp1", 13L, "Comp2", 13L, "VPN", 1L));
    assertThat(stats())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(FlowStats.WEB_FLOWS, 41L, FlowStats.OTHER_FLOWS, 40L));
    List<TestRecord<String, byte[]>> crossed = repartitioned();
    // One record per partition holding some of the frame's devices, at most 4, instead of 41.
    assertThat(crossed).hasSizeLessThanOrEqualTo(4);
    assertThat(pairs(crossed))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Comp0", 14L, "Comp1", 13L, "Comp2", 13L, "VPN", 1L));
    for (TestRecord<String, byte[]> record : crossed) {
      int partition = DevicePartitioner.partitionOf(record.key(), 4);
      WebFlowBatch.forEach(
          record.value(),
          (device, n) ->
              assertThat(DevicePartitioner.partitionOf(device, 4))
                  .as("partition of %s in the batch keyed %s", device, record.key())
                  .isEqualTo(partition));
      assertThat(record.headers().toArray()).isEmpty();
    }
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  void aRejectedLineInsideAFrameGoesOutAloneWithItsOwnLineNumber() {
    sendFrame(
        "time_02.json",
        101,
        flow("Comp1", "\"443\""),
        "{\"dstdevice\": \"cut",
        "",
        flow("Comp2", "\"22\""),
        "[1]",
        flow("Comp1", "\"80\""));

    List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
    assertThat(out).hasSize(2);
    assertThat(new String(out.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"dstdevice\": \"cut");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.FILE)).isEqualTo("time_02.json");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.LINE)).isEqualTo("102");
    assertThat(out.get(0).key()).isEqualTo(FlowKey.encode(FlowKey.prefix("time_02.json"), 102));
    assertThat(new String(out.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("[1]");
    assertThat(FlowHeaders.get(out.get(1).headers(), FlowHeaders.REASON)).isEqualTo("NOT_AN_OBJECT");
    assertThat(FlowHeaders.get(out.get(1).headers(), FlowHeaders.LINE)).isEqualTo("105");
    assertThat(counts()).containsExactlyEntriesOf(Map.of("Comp1", 2L));
    assertThat(stats())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                FlowStats.WEB_FLOWS, 2L,
                FlowStats.OTHER_FLOWS, 1L,
                FlowStats.rejectedKey(RejectReason.NOT_JSON), 1L,
                FlowStats.rejectedKey(RejectReason.NOT_AN_OBJECT), 1L));
  }

  @Test
  void aFrameWhoseEveryLineIsRejectedCountsNothingAndRejectsEachLine() {
    sendFrame("bad.json", 7, "nope", "{}", "{\"dstdevice\": \"x\", \"dstport\": 1.5}");

    List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
    assertThat(out.stream().map(r -> FlowHeaders.get(r.headers(), FlowHeaders.REASON)))
        .containsExactly("NOT_JSON", "MISSING_DSTDEVICE", "INVALID_DSTPORT");
    assertThat(out.stream().map(r -> FlowHeaders.get(r.headers(), FlowHeaders.LINE)))
        .containsExactly("7", "8", "9");
    assertThat(counts()).isEmpty();
    assertThat(repartitioned()).isEmpty();
  }

  @Test
  void aFrameOfOneLineIsAFlowPerRecord() {
    sendFrame("one.json", 5, flow("Comp9", "\"443\""));
    sendFrame("one.json", 6, "garbage");

    assertThat(counts()).containsExactlyEntriesOf(Map.of("Comp9", 1L));
    assertThat(pairs(repartitioned())).containsExactlyEntriesOf(Map.of("Comp9", 1L));
    TestRecord<byte[], byte[]> out = rejected.readRecord();
    assertThat(out.key()).isEqualTo(FlowKey.encode(FlowKey.prefix("one.json"), 6));
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.LINE)).isEqualTo("6");
  }

  @Test
  void aBlankOnlyFrameIsNeitherCountedNorRejected() {
    sendFrame("blank.json", 1, "", "  ", "\t\r", "");

    assertThat(stats()).isEmpty();
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(repartitioned()).isEmpty();
  }

  @Test
  void aFrameWithSourceHeadersNumbersItsLinesFromThem() {
    RecordHeaders headers = new RecordHeaders();
    FlowHeaders.put(headers, FlowHeaders.FILE, "other.json");
    FlowHeaders.put(headers, FlowHeaders.LINE, "40");
    flows.pipeInput(
        new TestRecord<>(
            "foreign-key".getBytes(StandardCharsets.UTF_8),
            (flow("A", "\"443\"") + "\nbroken").getBytes(StandardCharsets.UTF_8),
            headers));

    TestRecord<byte[], byte[]> out = rejected.readRecord();
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.FILE)).isEqualTo("other.json");
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.LINE)).isEqualTo("41");
  }

  @Test
  void aRepartitionRecordWithoutAValueCountsOneFlowToItsKey() {
    // As the repartition carried web flows before frames: key = dstdevice, no value.
    TestInputTopic<String, byte[]> legacy =
        driver.createInputTopic(
            Names.repartitionTopic("topology-test"),
            org.apache.kafka.common.serialization.Serdes.String().serializer(),
            org.apache.kafka.common.serialization.Serdes.ByteArray().serializer());
    legacy.pipeInput("Old", (byte[]) null);
    legacy.pipeInput("Old", (byte[]) null);

    assertThat(counts()).containsExactlyEntriesOf(Map.of("Old", 2L));
  }

  @Test
  void countsKeepAcrossManyRecords() {
    for (int i = 0; i < 1000; i++) {
      send(flow("Comp" + (i % 7), i % 2 == 0 ? "\"443\"" : "\"22\""));
    }
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 1000; i += 2) {
      expected.merge("Comp" + (i % 7), 1L, Long::sum);
    }
    assertThat(counts()).isEqualTo(expected);
  }
}
