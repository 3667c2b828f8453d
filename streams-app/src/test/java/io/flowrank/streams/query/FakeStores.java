package io.flowrank.streams.query;

import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.DevicePartitioner;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.Names;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One instance's stores, as Kafka Streams would serve them: Kafka's in-memory stores, one per
 * partition held, with the counts of that partition's devices and its flow statistics (its devices'
 * web flows, {@code 10 + p} other flows and one rejected line for partition p). A standby partition
 * answers only stale reads.
 */
public final class FakeStores implements LocalStores.Source {

  private final Map<String, Long> counts;
  private final int partitions;
  private final Map<Integer, KeyValueStore<String, Long>> countStores = new ConcurrentHashMap<>();
  private final Map<Integer, KeyValueStore<String, Long>> statStores = new ConcurrentHashMap<>();
  private final Set<Integer> standbys = ConcurrentHashMap.newKeySet();
  private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;

  /** An instance holding nothing yet, of an application whose devices have {@code counts}. */
  public FakeStores(Map<String, Long> counts, int partitions) {
    this.counts = counts;
    this.partitions = partitions;
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
  public ReadOnlyKeyValueStore<String, Long> store(String name, int partition, boolean stale) {
    KeyValueStore<String, Long> store =
        (name.equals(Names.COUNTS_STORE) ? countStores : statStores).get(partition);
    if (store == null || (standbys.contains(partition) && !stale)) {
      throw new InvalidStateStoreException(
          name + " partition " + partition + " is not " + (store == null ? "here" : "active here"));
    }
    return store;
  }

  private void hold(int partition) {
    KeyValueStore<String, Long> countStore = newStore(Names.COUNTS_STORE);
    long web = 0;
    for (var device : counts.entrySet()) {
      if (DevicePartitioner.partitionOf(device.getKey(), partitions) == partition) {
        countStore.put(device.getKey(), device.getValue());
        web += device.getValue();
      }
    }
    KeyValueStore<String, Long> statStore = newStore(Names.STATS_STORE);
    statStore.put(FlowStats.WEB_FLOWS, web);
    statStore.put(FlowStats.OTHER_FLOWS, 10L + partition);
    statStore.put(FlowStats.rejectedKey(RejectReason.NOT_JSON), 1L);
    countStores.put(partition, countStore);
    statStores.put(partition, statStore);
  }

  private static KeyValueStore<String, Long> newStore(String name) {
    KeyValueStore<String, Long> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }
}
