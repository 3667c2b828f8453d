package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.ranking.DeviceRankings;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The counter's windows when its task starts on stores left by an earlier run: each device's latest
 * window comes from its {@code webserver-counts} value, its earlier ones from {@code
 * webserver-window-counts}, and the two newest windows are ranked again from both; a device counted
 * in a later window moves its former latest to the window store.
 */
class WindowCounterTest {

  private static final Windowing MINUTES = new Windowing(60, 10, 3_600);

  private final MockProcessorContext<String, ServerEvent> context = new MockProcessorContext<>();
  private final Rankings rankings = new Rankings();

  private static Evidence evidence(long count, long first) {
    return new Evidence(
        count, count, 1, Total.of(count), Total.ZERO, PortCounts.NONE.plus(443, count), first, first);
  }

  private <S extends org.apache.kafka.streams.processor.StateStore> S store(StoreBuilder<S> builder) {
    S store = builder.withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  private <V> KeyValueStore<String, V> keyValue(String name, Serde<V> values) {
    return store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values));
  }

  private <K, V> WindowStore<K, V> window(String name, Serde<K> keys, Serde<V> values) {
    return store(
        Stores.windowStoreBuilder(
            Stores.inMemoryWindowStore(name, Duration.ofMillis(1L << 40), Duration.ofMillis(60), false),
            keys,
            values));
  }

  @Test
  void theNewestWindowsAreRankedAgainFromBothStoresAndALaterWindowMovesTheLatestOut() {
    KeyValueStore<String, DeviceCounts> counts = keyValue(Names.COUNTS_STORE, EvidenceFormat.countsSerde());
    keyValue(Names.CLIENTS_STORE, Serdes.ByteArray());
    WindowStore<String, Evidence> windows =
        window(Names.WINDOW_COUNTS_STORE, Serdes.String(), EvidenceFormat.serde());
    window(Names.WINDOW_CLIENTS_STORE, Serdes.Bytes(), Serdes.ByteArray());
    WindowStore<String, WindowTotal> totals =
        window(Names.WINDOW_TOTALS_STORE, Serdes.String(), WindowTotal.serde());
    keyValue(Names.ANNOUNCED_STORE, Topics.WEBSERVER_EVENTS.valueSerde());
    keyValue(Names.PENDING_EVENTS_STORE, Topics.WEBSERVER_EVENTS.valueSerde());
    store(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(Names.PROGRESS_STORE), Serdes.Integer(), Serdes.Long()));
    // A was counted in three windows, B in 172800, C in none.
    counts.put("A", new DeviceCounts(evidence(9, 172_740), 172_860, evidence(4, 172_860)));
    counts.put("B", new DeviceCounts(evidence(2, 172_800), 172_800, evidence(2, 172_800)));
    counts.put("C", DeviceCounts.allTime(evidence(1, Evidence.NO_TIME)));
    windows.put("A", evidence(2, 172_740), 172_740);
    windows.put("A", evidence(3, 172_800), 172_800);
    totals.put(WindowTotal.KEY, new WindowTotal(2, 172_740), 172_740);
    totals.put(WindowTotal.KEY, new WindowTotal(5, 172_800), 172_800);
    totals.put(WindowTotal.KEY, new WindowTotal(4, 172_860), 172_860);

    EvidenceCounter counter =
        new EvidenceCounter(
            rankings,
            Optional.of(new WindowCounter(MINUTES, ServerRule.DEFAULT, rankings)),
            TopologySettings.DEFAULT_PAIRS_IN_MEMORY);
    counter.init(context);

    assertThat(rankings.of(0, 172_740)).as("not among the two newest").isEmpty();
    assertThat(rankings.of(0, 172_800).orElseThrow().by(Measure.COUNT).top(10))
        .containsExactly(
            new RankedEvidence("A", evidence(3, 172_800)),
            new RankedEvidence("B", evidence(2, 172_800)));
    assertThat(rankings.of(0, 172_860).orElseThrow().by(Measure.COUNT).top(10))
        .containsExactly(new RankedEvidence("A", evidence(4, 172_860)));
    assertThat(rankings.of(0).orElseThrow().webFlows()).isEqualTo(12);
    // A window later than every one the partition holds (another partition's flows opened it):
    // nothing counted here, answered without reading the stores; one of the other partition: not
    // known here, read from its store.
    DeviceRankings later = rankings.of(0, 172_920).orElseThrow();
    assertThat(later.webFlows()).isZero();
    assertThat(later.by(Measure.COUNT).top(10)).isEmpty();
    assertThat(rankings.of(1, 172_920)).as("a partition not processed here").isEmpty();

    // B's flow in 172860: its latest moves to the window store, 172860 becomes its latest.
    Tally flow = new Tally();
    flow.addSums(1, 1, Total.of(1), Total.ZERO);
    flow.addPort(443, 1);
    flow.seen(172_861, 172_861);
    WindowTallies inWindows = new WindowTallies(new ArrayDeque<>());
    inWindows.share(172_860, flow);
    EvidenceBatch.Builder batch = new EvidenceBatch.Builder(0);
    batch.add("B", "B".getBytes(StandardCharsets.UTF_8), flow, inWindows);
    counter.process(new Record<>("B", batch.take(), 0));

    assertThat(windows.fetch("B", 172_800)).isEqualTo(evidence(2, 172_800));
    DeviceCounts b = counts.get("B");
    assertThat(b.latestWindow()).isEqualTo(172_860);
    assertThat(b.latest().count()).isEqualTo(1);
    assertThat(b.allTime().count()).isEqualTo(3);
    assertThat(rankings.of(0, 172_860).orElseThrow().by(Measure.COUNT).top(10).stream().map(RankedEvidence::dstdevice))
        .containsExactly("A", "B");
    assertThat(totals.fetch(WindowTotal.KEY, 172_860)).isEqualTo(new WindowTotal(5, 172_861));
    assertThat(List.of(counts.get("C").inWindow())).containsExactly(false);
    counter.close();
    assertThat(rankings.of(0, 172_860)).as("withdrawn with the task").isEmpty();
    assertThat(rankings.of(0, 172_920)).as("its totals withdrawn too").isEmpty();
  }

  /**
   * A task started on the pairs an earlier run left in {@code webserver-clients}: a client met
   * before counts no more, in all time or in the window it was last seen in, whether the task keeps
   * its pairs in memory or asks the store (none in memory).
   */
  @ParameterizedTest(name = "{0} pairs in memory")
  @ValueSource(ints = {0, TopologySettings.DEFAULT_PAIRS_IN_MEMORY})
  void aClientMetBeforeTheTaskStartedIsNotNewAgain(int pairsInMemory) {
    KeyValueStore<String, DeviceCounts> counts =
        keyValue(Names.COUNTS_STORE, EvidenceFormat.countsSerde());
    KeyValueStore<Bytes, byte[]> pairs =
        store(
            Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.CLIENTS_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray()));
    window(Names.WINDOW_COUNTS_STORE, Serdes.String(), EvidenceFormat.serde());
    window(Names.WINDOW_CLIENTS_STORE, Serdes.Bytes(), Serdes.ByteArray());
    window(Names.WINDOW_TOTALS_STORE, Serdes.String(), WindowTotal.serde());
    keyValue(Names.ANNOUNCED_STORE, Topics.WEBSERVER_EVENTS.valueSerde());
    keyValue(Names.PENDING_EVENTS_STORE, Topics.WEBSERVER_EVENTS.valueSerde());
    store(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(Names.PROGRESS_STORE), Serdes.Integer(), Serdes.Long()));
    // B was counted with two clients, both last seen in 172800.
    byte[] b = "B".getBytes(StandardCharsets.UTF_8);
    Evidence before =
        new Evidence(
            2, 2, 2, Total.of(2), Total.ZERO, PortCounts.NONE.plus(443, 2), 172_800, 172_801);
    counts.put("B", new DeviceCounts(before, 172_800, before));
    pairs.put(ClientPairs.key("B", "Comp1"), ClientPairs.seenIn(172_800));
    pairs.put(ClientPairs.key("B", "Comp2"), ClientPairs.seenIn(172_800));
    EvidenceCounter counter =
        new EvidenceCounter(
            rankings,
            Optional.of(new WindowCounter(MINUTES, ServerRule.DEFAULT, rankings)),
            pairsInMemory);
    counter.init(context);

    // Comp1 again, and Comp3 for the first time, in the same window.
    Tally flows = new Tally();
    flows.addSums(2, 2, Total.of(2), Total.ZERO);
    flows.addPort(443, 2);
    flows.seen(172_802, 172_803);
    flows.addClient("Comp1");
    flows.addClient("Comp3");
    WindowTallies inWindows = new WindowTallies(new ArrayDeque<>());
    inWindows.share(172_800, flows);
    EvidenceBatch.Builder batch = new EvidenceBatch.Builder(0);
    batch.add("B", b, flows, inWindows);
    counter.process(new Record<>("B", batch.take(), 0));

    DeviceCounts now = counts.get("B");
    assertThat(now.allTime().count()).isEqualTo(4);
    assertThat(now.allTime().clients()).isEqualTo(3);
    assertThat(now.latestWindow()).isEqualTo(172_800);
    assertThat(now.latest().clients()).isEqualTo(3);
    assertThat(pairs.get(ClientPairs.key("B", "Comp3"))).isEqualTo(ClientPairs.seenIn(172_800));
    counter.close();
  }
}
