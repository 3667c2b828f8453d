package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.flowrank.core.api.Wire;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evidence of docs/design.md, "Evidence", as the topology keeps it in {@code webserver-counts}
 * and {@code flow-stats}: every measure, the numeric rules, the clients counted once, CSV and JSON
 * alike, and the whole against the batch count over the same lines.
 */
class EvidenceTopologyTest extends TopologyTestBase {

  private static final String TWO_TO_63 = "9223372036854775808";
  private static final String MAX = Long.toString(Long.MAX_VALUE);

  /**
   * A web flow to Web on 443 from {@code client}, at {@code time}, with these packets and bytes.
   */
  private static FlowLine web(
      String client, String time, String dstpackets, String srcbytes, String dstbytes) {
    return FlowLine.lanl(client, "Web", "443")
        .set("time", time)
        .set("dstpackets", dstpackets)
        .set("srcbytes", srcbytes)
        .set("dstbytes", dstbytes);
  }

  private static PortCounts ports(int... portThenCount) {
    PortCounts ports = PortCounts.NONE;
    for (int i = 0; i < portThenCount.length; i += 2) {
      ports = ports.plus(portThenCount[i], portThenCount[i + 1]);
    }
    return ports;
  }

  /** The {@code incomplete} figures of {@code flow-stats}, each field's (absent: 0). */
  private Map<NumericField, Long> incomplete() {
    Map<String, Long> stats = topology.stats();
    Map<NumericField, Long> incomplete = new EnumMap<>(NumericField.class);
    for (NumericField field : NumericField.values()) {
      incomplete.put(field, stats.getOrDefault(FlowStats.incompleteKey(field), 0L));
    }
    return incomplete;
  }

  private static Map<NumericField, Long> incomplete(
      long time, long dstpackets, long srcbytes, long dstbytes) {
    return Map.of(
        NumericField.TIME, time,
        NumericField.DSTPACKETS, dstpackets,
        NumericField.SRCBYTES, srcbytes,
        NumericField.DSTBYTES, dstbytes);
  }

  @Test
  void everyMeasureOfADeviceFromAFewFrames() {
    topology.sendFrame(
        List.of(
            web("Comp1", "172810", "3", "100", "5000"),
            web("Comp2", "172805", "0", "40", "0").set("dstport", "80"),
            FlowLine.lanl("Comp1", "Other", "443"),
            web("Comp3", "172700", "9", "9", "9").set("dstport", "53")));
    topology.sendFrame(
        List.of(web("Comp3", "172900", "1", "7", "70"), web("Comp1", "172801", "2", "1", "1")));

    assertThat(topology.evidence())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Web",
                new Evidence(
                    4, 3, 3, Total.of(5071), Total.of(148), ports(80, 1, 443, 3), 172801, 172900),
                "Other",
                new Evidence(1, 1, 1, Total.of(60), Total.of(60), ports(443, 1), 172800, 172800)));
    assertThat(topology.stats())
        .containsEntry(FlowStats.WEB_FLOWS, 5L)
        .containsEntry(FlowStats.OTHER_FLOWS, 1L);
    assertThat(incomplete()).isEqualTo(incomplete(0, 0, 0, 0));
  }

  @Test
  void aWebFlowWithNothingBackCountsButIsNotAnswered() {
    topology.send(web("Comp1", "172800", "0", "60", "0"));
    topology.send(web("Comp1", "172800", "0", "60", "0").set("dstpackets", 0));
    topology.send(web("Comp1", "172800", "1", "60", "0"));
    topology.send(web("Comp1", "172800", "0", "60", "0").remove("dstpackets"));

    Evidence web = topology.evidence().get("Web");
    assertThat(web.count()).isEqualTo(4);
    assertThat(web.answered()).isEqualTo(1);
    assertThat(incomplete()).isEqualTo(incomplete(0, 1, 0, 0));
  }

  @Test
  void aMissingEmptyOrNonStringSrcdeviceIsNoClient() {
    topology.sendFrame(
        List.of(
            FlowLine.lanl("x", "Web", "443").remove("srcdevice"),
            FlowLine.lanl("", "Web", "443"),
            FlowLine.lanl("x", "Web", "443").set("srcdevice", 5),
            FlowLine.lanl("x", "Web", "443").set("srcdevice", NullNode.getInstance()),
            FlowLine.lanl("x", "Web", "443").set("srcdevice", BooleanNode.TRUE),
            FlowLine.lanl("x", "Web", "443").set("srcdevice", Wire.JSON.createObjectNode())));
    assertThat(topology.evidence().get("Web").count()).isEqualTo(6);
    assertThat(topology.evidence().get("Web").clients()).isZero();

    topology.send(FlowLine.lanl("Comp1", "Web", "443"));
    assertThat(topology.evidence().get("Web").clients()).isEqualTo(1);
  }

  @Test
  void aClientCountsOncePerDeviceWithinAFrameAcrossFramesAndForEachDeviceItTalksTo() {
    topology.sendFrame(
        List.of(
            FlowLine.lanl("A", "Web", "443"),
            FlowLine.lanl("A", "Web", "80"),
            FlowLine.lanl("B", "Web", "443")));
    topology.sendFrame(List.of(FlowLine.lanl("A", "Web", "443"), FlowLine.lanl("C", "Web", "443")));
    topology.send(FlowLine.lanl("B", "Web", "443"));
    // A talks to a second device, in the same frame as to Web again.
    topology.sendFrame(
        List.of(FlowLine.lanl("A", "Web2", "443"), FlowLine.lanl("A", "Web", "443")));
    topology.send(FlowLine.lanl("A", "Web2", "443"));

    Map<String, Evidence> evidence = topology.evidence();
    assertThat(evidence.get("Web").count()).isEqualTo(7);
    assertThat(evidence.get("Web").clients()).isEqualTo(3);
    assertThat(evidence.get("Web2").count()).isEqualTo(2);
    assertThat(evidence.get("Web2").clients()).isEqualTo(1);
    // What makes them exact: one (device, client) pair each, ever.
    KeyValueStore<Bytes, byte[]> pairs = topology.driver().getKeyValueStore(Names.CLIENTS_STORE);
    long stored = 0;
    try (var all = pairs.all()) {
      for (; all.hasNext(); all.next()) {
        stored++;
      }
    }
    assertThat(stored).isEqualTo(4);
  }

  @Test
  void numericFieldsCountOnlyAsDigitsOrJsonIntegersBelowTwoToThe63() {
    topology.sendFrame(
        List.of(
            web("Comp1", "0", "0", "0", "0"),
            web("Comp1", MAX, MAX, MAX, MAX),
            web("Comp1", TWO_TO_63, TWO_TO_63, TWO_TO_63, TWO_TO_63),
            web("Comp1", "12a", "12a", "12a", "12a"),
            web("Comp1", "-1", "-1", "-1", "-1"),
            web("Comp1", "", "", "", "")));
    BigIntegerNode tooLarge = BigIntegerNode.valueOf(new BigInteger(TWO_TO_63));
    topology.sendFrame(
        List.of(
            web("Comp1", "", "", "", "")
                .set("time", -1)
                .set("dstpackets", -1)
                .set("srcbytes", -1)
                .set("dstbytes", -1),
            web("Comp1", "", "", "", "")
                .set("time", tooLarge)
                .set("dstpackets", tooLarge)
                .set("srcbytes", tooLarge)
                .set("dstbytes", tooLarge),
            web("Comp1", "", "", "", "")
                .set("time", 172800)
                .set("dstpackets", 5)
                .set("srcbytes", 10)
                .set("dstbytes", 20)));

    Evidence edge = topology.evidence().get("Web");
    assertThat(edge.count()).as("every one is a web flow").isEqualTo(9);
    assertThat(edge.answered()).isEqualTo(2);
    assertThat(edge.bytesOut().toBigInteger())
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(20)));
    assertThat(edge.bytesIn().toBigInteger())
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(10)));
    assertThat(edge.firstSeen()).isZero();
    assertThat(edge.lastSeen()).isEqualTo(Long.MAX_VALUE);
    // 2^63, "12a", "-1", "", -1 and 2^63 as a JSON integer: six each.
    assertThat(incomplete()).isEqualTo(incomplete(6, 6, 6, 6));
  }

  @Test
  void aByteSumPassesTwoToThe63AndTwoToThe64Exactly() {
    topology.send(web("Comp1", "1", "1", MAX, MAX).set("dstdevice", "Big"));
    topology.send(web("Comp1", "1", "1", "1", "1").set("dstdevice", "Big"));
    BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
    assertThat(topology.evidence().get("Big").bytesOut().toBigInteger()).isEqualTo(twoTo63);

    topology.sendFrame(
        List.of(
            web("Comp1", "1", "1", MAX, MAX).set("dstdevice", "Big"),
            web("Comp1", "1", "1", MAX, MAX).set("dstdevice", "Big"),
            web("Comp1", "1", "1", "2", "2").set("dstdevice", "Big")));
    Evidence big = topology.evidence().get("Big");
    // 2^63 + 2 (2^63 - 1) + 2 = 3 * 2^63: past 2^64, carried into the high word.
    assertThat(big.bytesOut()).isEqualTo(new Total(1, Long.MIN_VALUE));
    assertThat(big.bytesOut().toBigInteger()).isEqualTo(twoTo63.multiply(BigInteger.valueOf(3)));
    assertThat(big.bytesIn()).isEqualTo(big.bytesOut());
  }

  @Test
  void theSameFlowAsACsvRowAndAsAJsonLineGivesTheSameEvidence() {
    FlowLine flow =
        FlowLine.lanl("Comp,7", "ViaJson", "443")
            .set("time", "172805")
            .set("dstpackets", "0")
            .set("srcbytes", "12a")
            .set("dstbytes", MAX);
    topology.send(flow);
    topology.send(
        flow.set("dstdevice", "ViaIntegers")
            .set("time", 172805)
            .set("dstpackets", 0)
            .set("dstbytes", Long.MAX_VALUE));
    topology.sendCsvFrame("netflow_day-03.csv", 1, flow.set("dstdevice", "ViaCsv").csv());

    Evidence expected =
        new Evidence(1, 0, 1, Total.of(Long.MAX_VALUE), Total.ZERO, ports(443, 1), 172805, 172805);
    assertThat(topology.evidence())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("ViaJson", expected, "ViaIntegers", expected, "ViaCsv", expected));
    assertThat(incomplete()).isEqualTo(incomplete(0, 0, 3, 0));
  }

  @Test
  void portsAreCountedPerConfiguredPort() {
    restartWith(WebPorts.of(List.of(80, 443, 8080)));
    topology.sendFrame(
        List.of(
            FlowLine.lanl("A", "Web", "80"),
            FlowLine.lanl("A", "Web", "80"),
            FlowLine.lanl("A", "Web", "").set("dstport", 443),
            FlowLine.lanl("A", "Web", "8080"),
            FlowLine.lanl("A", "Web", "8443")));
    topology.send(FlowLine.lanl("A", "Web", "8080"));
    topology.send(FlowLine.lanl("A", "Web", "").set("dstport", 8080));

    Evidence web = topology.evidence().get("Web");
    assertThat(web.count()).isEqualTo(6);
    assertThat(web.ports()).isEqualTo(ports(80, 2, 443, 1, 8080, 3));
    assertThat(web.ports().countOf(8443)).isZero();
  }

  @Test
  void firstAndLastSeenAreTheSmallestAndLargestValidTime() {
    topology.sendFrame(
        List.of(
            FlowLine.lanl("A", "Web", "443").set("time", "172900"),
            FlowLine.lanl("A", "Web", "443").set("time", "x")));
    topology.send(FlowLine.lanl("A", "Web", "443").set("time", "173000"));
    topology.send(FlowLine.lanl("A", "Web", "443").set("time", "172800"));
    topology.send(FlowLine.lanl("A", "Web", "443").remove("time"));
    topology.send(FlowLine.lanl("A", "Untimed", "443").remove("time"));

    Evidence web = topology.evidence().get("Web");
    assertThat(web.firstSeen()).isEqualTo(172800);
    assertThat(web.lastSeen()).isEqualTo(173000);
    Evidence untimed = topology.evidence().get("Untimed");
    assertThat(untimed.firstSeen()).isEqualTo(Evidence.NO_TIME);
    assertThat(untimed.lastSeen()).isEqualTo(Evidence.NO_TIME);
    assertThat(incomplete().get(NumericField.TIME)).isEqualTo(3);
  }

  @Test
  void theEvidenceOfEveryDeviceEqualsTheBatchCountOverTheSameLines(@TempDir Path data)
      throws IOException {
    assertEqualsTheBatchCount(data);
  }

  /**
   * The same when a task keeps none or a few of its (device, client) pairs in memory, with windows
   * and without: past them, the pairs' store says whether a client is new to a device.
   */
  @ParameterizedTest(name = "{0} pairs in memory, windows {1}")
  @CsvSource({"0, on", "50, on", "0, off", "50, off"})
  void theSameWhenOnlyAFewPairsFitInMemory(int pairsInMemory, String windows, @TempDir Path data)
      throws IOException {
    topology.close();
    topology =
        DrivenTopology.start(
            stateDir,
            windows.equals("on") ? TimeSettings.DEFAULT : TimeSettings.OFF,
            pairsInMemory);
    assertEqualsTheBatchCount(data);
  }

  private void assertEqualsTheBatchCount(Path data) throws IOException {
    Random random = new Random(1903);
    List<String> jsonLines = new ArrayList<>();
    List<String> csvRows = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      FlowLine flow = randomFlow(random);
      if (i % 3 == 0) {
        csvRows.add(flow.csv());
      } else {
        jsonLines.add(random.nextInt(200) == 0 ? "{\"dstdevice\": \"cut" : flow.json());
      }
    }
    Files.write(data.resolve("time_01.json"), jsonLines, StandardCharsets.UTF_8);
    Files.write(data.resolve("time_02.csv"), csvRows, StandardCharsets.UTF_8);
    BatchCount batch =
        new BatchCounter(new FlowRules(WebPorts.DEFAULT))
            .count(InputFiles.at(data, Limits.DEFAULT_MAX_RECORD_BYTES));

    for (int from = 0; from < jsonLines.size(); ) {
      int to = Math.min(jsonLines.size(), from + 1 + random.nextInt(60));
      topology.sendFrame(
          "time_01.json", from + 1, jsonLines.subList(from, to).toArray(String[]::new));
      from = to;
    }
    for (int from = 0; from < csvRows.size(); ) {
      int to = Math.min(csvRows.size(), from + 1 + random.nextInt(60));
      topology.sendCsvFrame(
          "time_02.csv", from + 1, csvRows.subList(from, to).toArray(String[]::new));
      from = to;
    }

    assertThat(batch.webFlows()).isGreaterThan(1_000);
    assertThat(topology.evidence()).isEqualTo(batch.evidence());
    assertThat(incomplete()).isEqualTo(batch.incomplete());
    assertThat(topology.stats().get(FlowStats.WEB_FLOWS)).isEqualTo(batch.webFlows());
    assertThat(topology.stats().get(FlowStats.rejectedKey(RejectReason.NOT_JSON)))
        .isEqualTo(batch.rejected().get(RejectReason.NOT_JSON));
  }

  /** A flow whose every field may be what the rules take or what they refuse. */
  private static FlowLine randomFlow(Random random) {
    String[] numbers = {"0", "1", "2", "60", "172800", "172801", MAX, TWO_TO_63, "12a", "-1", ""};
    String[] clients = {"Comp1", "Comp2", "Comp3", "Compé", "", "C,\"x\""};
    String[] ports = {"80", "443", "443", "53", "080"};
    FlowLine flow =
        FlowLine.lanl(
            clients[random.nextInt(clients.length)]
                + (random.nextBoolean() ? random.nextInt(40) : ""),
            "Dev" + random.nextInt(60),
            ports[random.nextInt(ports.length)]);
    for (String field : List.of("time", "dstpackets", "srcbytes", "dstbytes")) {
      switch (random.nextInt(6)) {
        case 0 -> flow.remove(field);
        case 1 -> flow.set(field, random.nextInt(1_000));
        default -> flow.set(field, numbers[random.nextInt(numbers.length)]);
      }
    }
    if (random.nextInt(20) == 0) {
      flow.remove("srcdevice");
    }
    return flow;
  }
}
