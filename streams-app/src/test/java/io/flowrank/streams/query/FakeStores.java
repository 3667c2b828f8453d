package io.flowrank.streams.query;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.DevicePartitioner;
import io.flowrank.streams.topology.EvidenceFormat;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.Names;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One instance's stores, as Kafka Streams would serve them: Kafka's in-memory stores, one per
 * partition held, with the evidence of that partition's devices and its flow statistics (its
 * devices' web flows, {@code 10 + p} other flows, one rejected line and {@code p + 1} web flows
 * without a time for partition p). A standby partition answers only stale reads.
 */
public final class FakeStores implements LocalStores.Source {

  private final Map<String, Evidence> evidence;
  private final int partitions;
  private final Map<Integer, KeyValueStore<String, Evidence>> evidenceStores =
      new ConcurrentHashMap<>();
  private final Map<Integer, KeyValueStore<String, Long>> statStores = new ConcurrentHashMap<>();
  private final Set<Integer> standbys = ConcurrentHashMap.newKeySet();
  private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;

  /** An instance holding nothing yet, of an application whose devices have {@code evidence}. */
  public FakeStores(Map<String, Evidence> evidence, int partitions) {
    this.evidence = evidence;
    this.partitions = partitions;
  }

  /**
   * Evidence for devices of these counts whose other measures each rank the devices their own way
   * (by the name's hash, its length, the count), so a ranking by one measure is not another's.
   */
  public static Map<String, Evidence> evidenceOf(Map<String, Long> counts) {
    Map<String, Evidence> evidence = new HashMap<>();
    counts.forEach(
        (device, count) -> {
          long answered = Math.floorMod(device.hashCode(), count + 1);
          long clients = 1 + Math.floorMod(device.hashCode() / 7, 4);
          long port80 = count / 3;
          PortCounts ports = PortCounts.NONE.plus(80, port80).plus(443, count - port80);
          evidence.put(
              device,
              new Evidence(
                  count,
                  answered,
                  clients,
                  Total.of(answered * 1_000 + device.length()),
                  Total.of(count * 60 + Math.floorMod(device.hashCode(), 13)),
                  ports,
                  172_800 + device.length(),
                  172_800 + device.length() + count));
        });
    return Map.copyOf(evidence);
  }

  public FakeStores active(Integer... held) {
    for (int partition : held) {
      hold(partition);
    }
    return this;
  }

  public FakeStores standby(Integer... held) {
    for (int partition : held) {
      hold(partition);
      standbys.add(partition);
    }
    return this;
  }

  public FakeStores inState(KafkaStreams.State state) {
    this.state = state;
    return this;
  }

  @Override
  public KafkaStreams.State state() {
    return state;
  }

  @Override
  public ReadOnlyKeyValueStore<String, Evidence> evidence(int partition, boolean stale) {
    return served(evidenceStores, Names.COUNTS_STORE, partition, stale);
  }

  @Override
  public ReadOnlyKeyValueStore<String, Long> stats(int partition, boolean stale) {
    return served(statStores, Names.STATS_STORE, partition, stale);
  }

  private <V> ReadOnlyKeyValueStore<String, V> served(
      Map<Integer, KeyValueStore<String, V>> stores, String name, int partition, boolean stale) {
    KeyValueStore<String, V> store = stores.get(partition);
    if (store == null || (standbys.contains(partition) && !stale)) {
      throw new InvalidStateStoreException(
          name + " partition " + partition + " is not " + (store == null ? "here" : "active here"));
    }
    return store;
  }

  private void hold(int partition) {
    KeyValueStore<String, Evidence> evidenceStore =
        newStore(Names.COUNTS_STORE, EvidenceFormat.serde());
    long web = 0;
    for (var device : evidence.entrySet()) {
      if (DevicePartitioner.partitionOf(device.getKey(), partitions) == partition) {
        evidenceStore.put(device.getKey(), device.getValue());
        web += device.getValue().count();
      }
    }
    KeyValueStore<String, Long> statStore = newStore(Names.STATS_STORE, Serdes.Long());
    statStore.put(FlowStats.WEB_FLOWS, web);
    statStore.put(FlowStats.OTHER_FLOWS, 10L + partition);
    statStore.put(FlowStats.rejectedKey(RejectReason.NOT_JSON), 1L);
    statStore.put(FlowStats.incompleteKey(NumericField.TIME), partition + 1L);
    evidenceStores.put(partition, evidenceStore);
    statStores.put(partition, statStore);
  }

  private static <V> KeyValueStore<String, V> newStore(String name, Serde<V> values) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }
}
