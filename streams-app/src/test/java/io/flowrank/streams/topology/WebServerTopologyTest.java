package io.flowrank.streams.topology;

import io.flowrank.core.kafka.DevicePartitioner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.ranking.DeviceRankings;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The production topology and properties, driven by {@link DrivenTopology}. */
class WebServerTopologyTest extends TopologyTestBase {

  private void send(String line) {
    topology.send(line);
  }

  /** A flow from Comp1 at 172800 with no packets or bytes given. */
  private static FlowLine flow(String dstdevice, String dstport) {
    return FlowLine.bare(dstdevice, dstport).set("time", "172800").set("srcdevice", "Comp1");
  }

  /** The evidence of {@code count} such flows: one client, no answer, no bytes. */
  private static Evidence fromComp1(long count, PortCounts ports) {
    return new Evidence(count, 0, 1, Total.ZERO, Total.ZERO, ports, 172800, 172800);
  }

  private static PortCounts ports(int port, long count) {
    return PortCounts.NONE.plus(port, count);
  }

  /**
   * The flow-stats figures of {@code webFlows} web flows such as {@link #flow} gives, without
   * packets or bytes, and the {@code other} figures.
   */
  private static Map<String, Long> figures(long webFlows, Map<String, Long> other) {
    Map<String, Long> figures = new TreeMap<>(other);
    figures.put(FlowStats.WEB_FLOWS, webFlows);
    for (NumericField field :
        List.of(NumericField.DSTPACKETS, NumericField.SRCBYTES, NumericField.DSTBYTES)) {
      figures.put(FlowStats.incompleteKey(field), webFlows);
    }
    return figures;
  }

  private Map<String, Long> counts() {
    return topology.counts();
  }

  private Map<String, Long> stats() {
    return topology.stats();
  }

  @Test
  void countsOnlyWebFlowsPerDstdevice() {
    send(flow("EnterpriseAppServer", "443").json());
    send(flow("EnterpriseAppServer", "80").json());
    send(flow("Comp576843", "").set("dstport", 443).json());
    send(flow("Comp576843", "53").json());
    send(flow("Comp111111", "080").json());
    send(flow("Comp111111", "Port00080").json());

    assertThat(topology.evidence())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "EnterpriseAppServer", fromComp1(2, ports(80, 1).plus(443, 1)),
                "Comp576843", fromComp1(1, ports(443, 1))));
    assertThat(stats())
        .containsEntry(FlowStats.WEB_FLOWS, 3L)
        .containsEntry(FlowStats.OTHER_FLOWS, 3L);
    assertThat(topology.rejected().isEmpty()).isTrue();
  }

  @Test
  void keysOfFlowsDoNotMatter() {
    byte[] line = flow("VPN", "443").json().getBytes(StandardCharsets.UTF_8);
    topology.flows().pipeInput("a".getBytes(StandardCharsets.UTF_8), line);
    topology.flows().pipeInput("b".getBytes(StandardCharsets.UTF_8), line);
    send(flow("VPN", "80").json());

    assertThat(topology.evidence())
        .containsExactlyEntriesOf(Map.of("VPN", fromComp1(3, ports(443, 2).plus(80, 1))));
  }

  @Test
  void rejectedRecordsGoToTheRejectedTopicWithReasonAndSource() {
    RecordHeaders headers = new RecordHeaders();
    FlowHeaders.put(headers, FlowHeaders.FILE, "time_07.json");
    FlowHeaders.put(headers, FlowHeaders.LINE, "42");
    byte[] truncated = "{\"dstdevice\": \"Comp1\", \"dstp".getBytes(StandardCharsets.UTF_8);
    topology.flows().pipeInput(new TestRecord<>(null, truncated, headers));
    send("{\"dstport\": \"443\"}");
    send("[1, 2, 3]");
    send(flow("Comp2", "").set("dstport", DoubleNode.valueOf(443.0)).json());

    List<TestRecord<byte[], byte[]>> out = topology.rejected().readRecordsToList();
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
    assertThat(topology.evidence()).isEmpty();
  }

  @Test
  void aFrameOfCsvRowsIsJudgedByTheCsvRulesAndOnlyWhenItsHeaderSaysSo() {
    String[] rows = {
      "172800,0,Comp1,Comp2,6,Port1,443,1,1,60,60",
      "172800,0,Comp1,\"Comp,3\",6,Port1,80,1,1,60,60",
      "172800,0,Comp1,Comp2,6,Port1,53,1,1,60,60",
      "172800,0,Comp1,Comp2,6,Port1,080,1,1,60,60",
      "172800,0,Comp1,,6,Port1,443,1,1,60,60",
      "172800,0,Comp1,Comp2,6,Port1,443,1,1,60",
      "172800,0,Comp1,\"Comp2,6,Port1,443,1,1,60,60",
      ""
    };
    topology.sendCsvFrame("netflow_day-03.bz2", 1, rows);

    assertThat(topology.evidence())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Comp2",
                new Evidence(1, 1, 1, Total.of(60), Total.of(60), ports(443, 1), 172800, 172800),
                "Comp,3",
                new Evidence(1, 1, 1, Total.of(60), Total.of(60), ports(80, 1), 172800, 172800)));
    assertThat(
            topology.rejected().readRecordsToList().stream()
                .map(r -> FlowHeaders.get(r.headers(), FlowHeaders.REASON)))
        .containsExactly("EMPTY_DSTDEVICE", "FIELD_COUNT", "UNBALANCED_QUOTES");
    assertThat(stats()).containsEntry(FlowStats.OTHER_FLOWS, 2L);

    // The same bytes without the header are JSON lines: every row is NOT_JSON.
    topology.sendFrame("netflow_day-03.bz2", 1, rows);
    assertThat(topology.rejected().readRecordsToList())
        .hasSize(7)
        .allSatisfy(
            r ->
                assertThat(FlowHeaders.get(r.headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON"));
    assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Comp2", 1L, "Comp,3", 1L));
  }

  @Test
  void blankRecordsAreNeitherCountedNorRejected() {
    send("");
    send("   \t ");
    topology.flows().pipeInput((byte[]) null, (byte[]) null);

    assertThat(stats()).isEmpty();
    assertThat(topology.rejected().isEmpty()).isTrue();
  }

  @Test
  void theEchoedHeaderRecordIsAFlowButNotAWebFlow() {
    FlowLine header = FlowLine.bare("dstdevice", "dstport");
    for (String field : FlowLine.FIELDS) {
      header.set(field, field);
    }
    send(header.json());

    assertThat(topology.evidence()).isEmpty();
    assertThat(stats()).containsExactlyEntriesOf(Map.of(FlowStats.OTHER_FLOWS, 1L));
  }

  @Test
  void configuredPortsReplaceTheDefaults() {
    restartWith(WebPorts.of(List.of(8080)));
    send(flow("Proxy", "8080").json());
    send(flow("Comp1", "443").json());

    assertThat(topology.evidence())
        .containsExactlyEntriesOf(Map.of("Proxy", fromComp1(1, ports(8080, 1))));
  }

  @Test
  void storesAndInternalTopicsHaveTheirPinnedNames() {
    String description = WebServerTopology.build(TopologySettings.defaults()).describe().toString();

    assertThat(description)
        .contains("Source: flows-source (topics: [flows])")
        .contains("Processor: classify (stores: [flow-stats])")
        .contains("Sink: rejected-sink (topic: flows-rejected)")
        .contains("evidence-by-dstdevice-repartition")
        .contains("Processor: web-flow-batch-here")
        .contains("Processor: web-flow-batches")
        .contains("Sink: events-sink (topic: webserver-events)")
        .doesNotContain(Names.COUNTS_ONLY_REPARTITION)
        .doesNotContain("KSTREAM-")
        .doesNotContain("KTABLE-");
    // Kafka Streams lists a processor's stores in no particular order.
    String counter =
        description
            .lines()
            .filter(l -> l.contains("Processor: count-web-flows"))
            .findFirst()
            .orElseThrow();
    assertThat(counter.substring(counter.indexOf('[') + 1, counter.indexOf(']')).split(", "))
        .containsExactlyInAnyOrder(
            Names.COUNTS_STORE,
            Names.CLIENTS_STORE,
            Names.WINDOW_COUNTS_STORE,
            Names.WINDOW_CLIENTS_STORE,
            Names.WINDOW_TOTALS_STORE,
            Names.ANNOUNCED_STORE,
            Names.PENDING_EVENTS_STORE,
            Names.PROGRESS_STORE);
    assertThat(
            List.of(
                Names.WINDOW_COUNTS_STORE,
                Names.WINDOW_CLIENTS_STORE,
                Names.WINDOW_TOTALS_STORE,
                Names.ANNOUNCED_STORE,
                Names.PENDING_EVENTS_STORE,
                Names.PROGRESS_STORE))
        .containsExactly(
            "webserver-window-counts",
            "webserver-window-clients",
            "webserver-window-totals",
            "webserver-announced",
            "webserver-pending-events",
            "webserver-flows-progress");
    assertThat(
            WebServerTopology.build(new TopologySettings(WebPorts.DEFAULT, 4, TimeSettings.OFF))
                .describe()
                .toString())
        .as("windows off: no window store, no events")
        .contains("Processor: count-web-flows (stores: [webserver-counts, webserver-clients])")
        .doesNotContain("webserver-window")
        .doesNotContain("webserver-events");
    // The full names as Kafka Streams derives them: the tests below read and write that topic, and
    // the streams app refuses an application whose counts-only topic exists.
    assertThat(Names.repartitionTopic("topology-test"))
        .isEqualTo("topology-test-evidence-by-dstdevice-repartition");
    assertThat(Names.countsOnlyRepartitionTopic("topology-test"))
        .isEqualTo("topology-test-webflows-by-dstdevice-repartition");
  }

  @Test
  void theSourceNamedByAFlowKeyGoesIntoTheHeadersOfARejectedRecord() {
    byte[] key = FlowKey.encode(FlowKey.prefix("time_09.json"), 1234);
    topology.flows().pipeInput(key, "not json".getBytes(StandardCharsets.UTF_8));

    TestRecord<byte[], byte[]> out = topology.rejected().readRecord();
    assertThat(out.key()).isEqualTo(key);
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON");
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.FILE)).isEqualTo("time_09.json");
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.LINE)).isEqualTo("1234");
  }

  @Test
  void theLiveRankingsOfEveryMeasureAgreeWithTheCountsStore() {
    Random random = new Random(19);
    for (int frame = 0; frame < 300; frame++) {
      List<FlowLine> lines = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = frame * 10 + i;
        // Devices get i % 97 + 1 .. flows: many ties, many ranks; the other measures follow
        // their own pace, so each ranking orders the devices its own way.
        lines.add(
            FlowLine.lanl("Comp" + random.nextInt(12), "Comp" + (n % 97) * (n % 5), "443")
                .set("dstpackets", Integer.toString(random.nextInt(3)))
                .set("dstbytes", Integer.toString(random.nextInt(5_000)))
                .set("srcbytes", Integer.toString(random.nextInt(300))));
      }
      topology.sendFrame(lines);
    }
    Map<String, Evidence> stored = topology.evidence();
    DeviceRankings rankings = topology.rankings().of(0).orElseThrow();
    for (Measure measure : Measure.values()) {
      List<RankedEvidence> sorted = new ArrayList<>();
      stored.forEach((device, evidence) -> sorted.add(new RankedEvidence(device, evidence)));
      sorted.sort(RankedEvidence.order(measure));
      assertThat(rankings.by(measure).top(10)).as("%s", measure).isEqualTo(sorted.subList(0, 10));
      assertThat(rankings.by(measure).top(Rankings.CAPACITY)).as("%s", measure).isEqualTo(sorted);
      BigInteger total = BigInteger.ZERO;
      for (Evidence evidence : stored.values()) {
        total = total.add(measure.total(evidence).toBigInteger());
      }
      assertThat(rankings.by(measure).total().toBigInteger())
          .as("%s total", measure)
          .isEqualTo(total);
    }
    assertThat(rankings.by(Measure.ANSWERED).top(5))
        .as("the rankings differ")
        .isNotEqualTo(rankings.by(Measure.COUNT).top(5));
  }

  // --- frames: one record of flows, several lines (docs/design.md §3.1) ---

  private static Map<String, Long> pairs(List<TestRecord<String, byte[]>> records) {
    Map<String, Long> sums = new TreeMap<>();
    for (TestRecord<String, byte[]> record : records) {
      BatchContents.forEach(
          record.value(), (device, tally, windows) -> sums.merge(device, tally.count(), Long::sum));
    }
    return sums;
  }

  @Test
  void aFrameIsJudgedLineByLineAndItsWebFlowsCrossTheRepartitionSummed() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(flow("Comp" + (i % 3), "443").json());
      lines.add(flow("Comp" + (i % 5), "53").json());
    }
    lines.add(flow("VPN", "").set("dstport", 80).json());
    topology.sendFrame("time_01.json", 1, lines.toArray(String[]::new));

    assertThat(topology.evidence())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Comp0", fromComp1(14, ports(443, 14)),
                "Comp1", fromComp1(13, ports(443, 13)),
                "Comp2", fromComp1(13, ports(443, 13)),
                "VPN", fromComp1(1, ports(80, 1))));
    assertThat(stats()).isEqualTo(figures(41, Map.of(FlowStats.OTHER_FLOWS, 40L)));
    List<TestRecord<String, byte[]>> crossed = topology.repartitioned();
    // One record per partition holding some of the frame's devices, at most 4, instead of 41.
    assertThat(crossed).hasSizeLessThanOrEqualTo(DrivenTopology.PARTITIONS);
    assertThat(pairs(crossed))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Comp0", 14L, "Comp1", 13L, "Comp2", 13L, "VPN", 1L));
    for (TestRecord<String, byte[]> record : crossed) {
      int partition = DevicePartitioner.partitionOf(record.key(), DrivenTopology.PARTITIONS);
      BatchContents.forEach(
          record.value(),
          (device, tally, windows) ->
              assertThat(DevicePartitioner.partitionOf(device, DrivenTopology.PARTITIONS))
                  .as("partition of %s in the batch keyed %s", device, record.key())
                  .isEqualTo(partition));
      assertThat(record.headers().toArray()).isEmpty();
    }
    assertThat(topology.rejected().isEmpty()).isTrue();
  }

  @Test
  void theWebFlowsOfTheFramesOwnPartitionAreCountedWithoutTheRepartition() {
    // The driver reads every frame from partition 0 of flows; Comp3 and Comp5 live in partition 0
    // of the counts, Comp2 in partition 1.
    assertThat(DevicePartitioner.partitionOf("Comp3", DrivenTopology.PARTITIONS)).isZero();
    assertThat(DevicePartitioner.partitionOf("Comp5", DrivenTopology.PARTITIONS)).isZero();
    assertThat(DevicePartitioner.partitionOf("Comp2", DrivenTopology.PARTITIONS)).isEqualTo(1);
    topology.sendFrame(
        "time_01.json",
        1,
        flow("Comp3", "443").json(),
        flow("Comp2", "443").json(),
        flow("Comp5", "80").json(),
        flow("Comp3", "80").json());

    assertThat(topology.evidence())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Comp3", fromComp1(2, ports(80, 1).plus(443, 1)),
                "Comp2", fromComp1(1, ports(443, 1)),
                "Comp5", fromComp1(1, ports(80, 1))));
    assertThat(pairs(topology.repartitioned())).containsExactlyEntriesOf(Map.of("Comp2", 1L));
  }

  @Test
  void aRejectedLineInsideAFrameGoesOutAloneWithItsOwnLineNumber() {
    topology.sendFrame(
        "time_02.json",
        101,
        flow("Comp1", "443").json(),
        "{\"dstdevice\": \"cut",
        "",
        flow("Comp2", "22").json(),
        "[1]",
        flow("Comp1", "80").json());

    List<TestRecord<byte[], byte[]>> out = topology.rejected().readRecordsToList();
    assertThat(out).hasSize(2);
    assertThat(new String(out.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"dstdevice\": \"cut");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.REASON)).isEqualTo("NOT_JSON");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.FILE)).isEqualTo("time_02.json");
    assertThat(FlowHeaders.get(out.get(0).headers(), FlowHeaders.LINE)).isEqualTo("102");
    assertThat(out.get(0).key()).isEqualTo(FlowKey.encode(FlowKey.prefix("time_02.json"), 102));
    assertThat(new String(out.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("[1]");
    assertThat(FlowHeaders.get(out.get(1).headers(), FlowHeaders.REASON))
        .isEqualTo("NOT_AN_OBJECT");
    assertThat(FlowHeaders.get(out.get(1).headers(), FlowHeaders.LINE)).isEqualTo("105");
    assertThat(topology.evidence())
        .containsExactlyEntriesOf(Map.of("Comp1", fromComp1(2, ports(80, 1).plus(443, 1))));
    assertThat(stats())
        .isEqualTo(
            figures(
                2,
                Map.of(
                    FlowStats.OTHER_FLOWS,
                    1L,
                    FlowStats.rejectedKey(RejectReason.NOT_JSON),
                    1L,
                    FlowStats.rejectedKey(RejectReason.NOT_AN_OBJECT),
                    1L)));
  }

  @Test
  void aFrameWhoseEveryLineIsRejectedCountsNothingAndRejectsEachLine() {
    topology.sendFrame("bad.json", 7, "nope", "{}", "{\"dstdevice\": \"x\", \"dstport\": 1.5}");

    List<TestRecord<byte[], byte[]>> out = topology.rejected().readRecordsToList();
    assertThat(out.stream().map(r -> FlowHeaders.get(r.headers(), FlowHeaders.REASON)))
        .containsExactly("NOT_JSON", "MISSING_DSTDEVICE", "INVALID_DSTPORT");
    assertThat(out.stream().map(r -> FlowHeaders.get(r.headers(), FlowHeaders.LINE)))
        .containsExactly("7", "8", "9");
    assertThat(topology.evidence()).isEmpty();
    assertThat(topology.repartitioned()).isEmpty();
  }

  @Test
  void aFrameOfOneLineIsAFlowPerRecord() {
    topology.sendFrame("one.json", 5, flow("Comp9", "443").json());
    topology.sendFrame("one.json", 6, "garbage");

    assertThat(topology.evidence())
        .containsExactlyEntriesOf(Map.of("Comp9", fromComp1(1, ports(443, 1))));
    assertThat(pairs(topology.repartitioned())).containsExactlyEntriesOf(Map.of("Comp9", 1L));
    TestRecord<byte[], byte[]> out = topology.rejected().readRecord();
    assertThat(out.key()).isEqualTo(FlowKey.encode(FlowKey.prefix("one.json"), 6));
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.LINE)).isEqualTo("6");
  }

  @Test
  void aBlankOnlyFrameIsNeitherCountedNorRejected() {
    topology.sendFrame("blank.json", 1, "", "  ", "\t\r", "");

    assertThat(stats()).isEmpty();
    assertThat(topology.rejected().isEmpty()).isTrue();
    assertThat(topology.repartitioned()).isEmpty();
  }

  @Test
  void aFrameWithSourceHeadersNumbersItsLinesFromThem() {
    RecordHeaders headers = new RecordHeaders();
    FlowHeaders.put(headers, FlowHeaders.FILE, "other.json");
    FlowHeaders.put(headers, FlowHeaders.LINE, "40");
    topology
        .flows()
        .pipeInput(
            new TestRecord<>(
                "foreign-key".getBytes(StandardCharsets.UTF_8),
                (flow("A", "443").json() + "\nbroken").getBytes(StandardCharsets.UTF_8),
                headers));

    TestRecord<byte[], byte[]> out = topology.rejected().readRecord();
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.FILE)).isEqualTo("other.json");
    assertThat(FlowHeaders.get(out.headers(), FlowHeaders.LINE)).isEqualTo("41");
  }

  @Test
  void aRepartitionRecordWithoutAValueCountsNothing() {
    // A tombstone on the repartition topic: no frame wrote it, and it holds no flow.
    TestInputTopic<String, byte[]> repartition = topology.repartitionInput();
    repartition.pipeInput("Old", (byte[]) null);
    send(flow("New", "443").json());

    assertThat(topology.evidence())
        .containsExactlyEntriesOf(Map.of("New", fromComp1(1, ports(443, 1))));
  }

  @Test
  void countsKeepAcrossManyRecords() {
    for (int i = 0; i < 1000; i++) {
      send(flow("Comp" + (i % 7), i % 2 == 0 ? "443" : "22").json());
    }
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 1000; i += 2) {
      expected.merge("Comp" + (i % 7), 1L, Long::sum);
    }
    assertThat(counts()).isEqualTo(expected);
    topology
        .evidence()
        .forEach(
            (device, evidence) ->
                assertThat(evidence)
                    .isEqualTo(fromComp1(expected.get(device), ports(443, expected.get(device)))));
  }
}
