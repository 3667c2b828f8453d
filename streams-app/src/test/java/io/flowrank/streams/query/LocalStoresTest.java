package io.flowrank.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.streams.topology.DrivenTopology;
import io.flowrank.streams.topology.FlowLine;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.Rankings;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import java.util.ArrayList;
import java.util.Random;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This instance's answers from its own stores. */
class LocalStoresTest {

  private static final int PARTITIONS = 2;
  private static final Map<String, Long> COUNTS =
      Map.of("a", 3L, "b", 3L, "c", 1L, "d", 7L, "e", 2L, "f", 3L, "g", 1L);
  private static final Map<String, Evidence> EVIDENCE = FakeStores.evidenceOf(COUNTS);
  private static final List<Integer> BOTH = List.of(0, 1);

  @Test
  void itAnswersOnlyInAStateThatLetsItAnswer() {
    FakeStores stores = new FakeStores(EVIDENCE, PARTITIONS).active(0, 1);
    LocalStores local = new LocalStores(stores, new Rankings());
    assertThat(local.top(10, Measure.COUNT, BOTH, false).webFlows()).isEqualTo(20);

    stores.inState(KafkaStreams.State.REBALANCING);
    assertThatThrownBy(() -> local.top(10, Measure.COUNT, BOTH, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("Kafka Streams is REBALANCING; add stale=true to read standby copies");
    assertThat(local.top(10, Measure.CLIENTS, BOTH, true).webFlows()).isEqualTo(20);
    assertThat(local.stats(BOTH, true).incomplete()).isEqualTo(Map.of(NumericField.TIME, 1L + 2L));

    stores.inState(KafkaStreams.State.PENDING_SHUTDOWN);
    assertThatThrownBy(() -> local.stats(BOTH, true))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("Kafka Streams is PENDING_SHUTDOWN");
  }

  @Test
  void aPartitionNotServedHereIsNotReadyBeforeAnyEvidenceIsWritten() throws IOException {
    LocalStores local =
        new LocalStores(new FakeStores(EVIDENCE, PARTITIONS).active(0).standby(1), new Rankings());
    String inOne =
        COUNTS.keySet().stream()
            .filter(device -> DevicePartitioner.partitionOf(device, PARTITIONS) == 1)
            .findFirst()
            .orElseThrow();

    assertThatThrownBy(() -> local.evidence(inOne, 1, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("not queryable here now");
    assertThat(local.evidence(inOne, 1, true)).hasValue(EVIDENCE.get(inOne));
    assertThat(local.evidence("never-seen", 1, true)).isEmpty();

    assertThatThrownBy(() -> local.counts(BOTH, false)).isInstanceOf(NotReadyException.class);
    Map<String, Evidence> written = new HashMap<>();
    try (PartitionQueries.Counts counts = local.counts(BOTH, true)) {
      counts.writeTo(collectInto(written));
    }
    assertThat(written).isEqualTo(EVIDENCE);
  }

  @Test
  void aPartitionCountedHereAnswersFromItsLiveRankingsAsFromItsStore(@TempDir Path stateDir) {
    try (DrivenTopology topology = DrivenTopology.start(stateDir)) {
      COUNTS.forEach(
          (device, count) -> {
            for (int i = 0; i < count; i++) {
              // Clients, answers and bytes that do not follow the count.
              topology.send(
                  FlowLine.lanl("Comp" + (i + device.hashCode()) % 3, device, "443")
                      .set("dstpackets", Integer.toString(i % 2))
                      .set("dstbytes", Long.toString(1_000L * device.hashCode())));
            }
          });
      TopologyTestDriver driver = topology.driver();
      // TopologyTestDriver runs every task as partition 0: its store holds every device.
      LocalStores.Source partitionZero = new DriverStores(driver);
      Rankings rankings = topology.rankings();
      assertThat(rankings.of(0)).isPresent();
      LocalStores fromRanking = new LocalStores(partitionZero, rankings);
      LocalStores fromStore = new LocalStores(partitionZero, new Rankings());
      Map<String, Evidence> stored = topology.evidence();

      for (Measure by : Measure.values()) {
        for (int n : new int[] {1, 3, 10}) {
          assertThat(fromRanking.top(n, by, List.of(0), false))
              .as("top %d by %s", n, by)
              .isEqualTo(fromStore.top(n, by, List.of(0), false));
        }
        stored.forEach(
            (device, evidence) ->
                assertThat(fromRanking.above(device, by, by.score(evidence), List.of(0), false))
                    .as("%s by %s", device, by)
                    .isEqualTo(fromStore.above(device, by, by.score(evidence), List.of(0), false)));
      }
      assertThat(fromRanking.top(2, Measure.COUNT, List.of(0), false).devices())
          .containsExactly(
              DeviceAnswer.of("d", stored.get("d"), List.of()),
              DeviceAnswer.of("a", stored.get("a"), List.of()));
      assertThat(fromStore.above("f", Measure.COUNT, 3, List.of(0), false))
          .isEqualTo(new PartitionQueries.Above(3, 20, BigInteger.valueOf(20)));
      // Each device answered half its flows (rounded down): d 3, then a, b, e and f 1 each.
      assertThat(fromRanking.above("f", Measure.ANSWERED, 1, List.of(0), false))
          .isEqualTo(new PartitionQueries.Above(4, 20, BigInteger.valueOf(3 + 1 + 1 + 1 + 1)));
    }
  }

  @Test
  void theNewestWindowsAnswerFromTheirLiveRankingsAsFromTheirStore(@TempDir Path stateDir)
      throws IOException {
    Windowing minutes = new Windowing(60, 30, 600);
    try (DrivenTopology topology =
        DrivenTopology.start(stateDir, TimeSettings.of(minutes))) {
      Random random = new Random(21);
      long watermark = 0;
      for (int frame = 0; frame < 60; frame++) {
        List<FlowLine> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long time = 172_800 + frame * 5 + random.nextInt(5);
          lines.add(
              FlowLine.lanl("Comp" + random.nextInt(6), "Dev" + random.nextInt(30), "443")
                  .set("time", Long.toString(time))
                  .set("dstpackets", Integer.toString(random.nextInt(2)))
                  .set("dstbytes", Integer.toString(random.nextInt(900))));
        }
        topology.sendFrame(watermark, lines);
        watermark = 172_800 + frame * 5 + 4;
      }
      Map<Long, Map<String, Evidence>> windows = topology.windows();
      assertThat(windows).hasSize(5);
      assertWindowsAnsweredAlike(topology, windows);
    }
  }

  /** Every window's top from its ranking (the two newest) as from its store, and its counts. */
  private static void assertWindowsAnsweredAlike(
      DrivenTopology topology, Map<Long, Map<String, Evidence>> windows) throws IOException {
    LocalStores.Source partitionZero = new DriverStores(topology.driver());
    LocalStores fromRanking = new LocalStores(partitionZero, topology.rankings());
    LocalStores fromStore = new LocalStores(partitionZero, new Rankings());
    List<PartitionQueries.WindowPart> parts = fromStore.windows(List.of(0), false);
    assertThat(parts.stream().map(PartitionQueries.WindowPart::start))
        .containsExactlyElementsOf(windows.keySet());
    for (long start : windows.keySet()) {
      boolean ranked = topology.rankings().of(0, start).isPresent();
      assertThat(ranked).as("window %d ranked", start).isEqualTo(start >= 172_860 + 120);
      for (Measure by : Measure.values()) {
        assertThat(fromRanking.windowTop(7, by, start, List.of(0), false))
            .as("window %d by %s", start, by)
            .isEqualTo(fromStore.windowTop(7, by, start, List.of(0), false));
      }
      Map<String, Evidence> written = new HashMap<>();
      try (PartitionQueries.Counts counts = fromStore.windowCounts(start, List.of(0), false)) {
        counts.writeTo(collectInto(written));
      }
      assertThat(written).isEqualTo(windows.get(start));
    }
    List<PartitionQueries.WindowEvidence> timeline = fromStore.timeline("Dev3", 0, false);
    assertThat(timeline).hasSize(5);
    for (PartitionQueries.WindowEvidence point : timeline) {
      assertThat(point.evidence().evidence()).isEqualTo(windows.get(point.start()).get("Dev3"));
    }
  }

  private static PartitionQueries.CountsSink collectInto(Map<String, Evidence> written) {
    return new PartitionQueries.CountsSink() {
      @Override
      public void accept(String dstdevice, Evidence evidence) {
        written.put(dstdevice, evidence);
      }

      @Override
      public void copy(InputStream ndjson) {
        throw new AssertionError("local evidence is handed one device at a time");
      }
    };
  }
}
