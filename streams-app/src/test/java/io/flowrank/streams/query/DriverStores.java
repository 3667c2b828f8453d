package io.flowrank.streams.query;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.streams.topology.DeviceCounts;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.WindowTotal;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The stores of a {@code TopologyTestDriver} as interactive queries serve them: the driver runs
 * every task as partition 0, so its stores are partition 0's and hold every device; any other
 * partition is not here.
 */
final class DriverStores implements LocalStores.Source {

  private final TopologyTestDriver driver;

  DriverStores(TopologyTestDriver driver) {
    this.driver = driver;
  }

  @Override
  public KafkaStreams.State state() {
    return KafkaStreams.State.RUNNING;
  }

  @Override
  public ReadOnlyKeyValueStore<String, DeviceCounts> evidence(int partition, boolean stale) {
    return driver.getKeyValueStore(served(Names.COUNTS_STORE, partition));
  }

  @Override
  public ReadOnlyKeyValueStore<String, Long> stats(int partition, boolean stale) {
    return driver.getKeyValueStore(served(Names.STATS_STORE, partition));
  }

  @Override
  public ReadOnlyWindowStore<String, Evidence> windowEvidence(int partition, boolean stale) {
    return driver.getWindowStore(served(Names.WINDOW_COUNTS_STORE, partition));
  }

  @Override
  public ReadOnlyWindowStore<String, WindowTotal> windowTotals(int partition, boolean stale) {
    return driver.getWindowStore(served(Names.WINDOW_TOTALS_STORE, partition));
  }

  @Override
  public ReadOnlyKeyValueStore<String, ServerEvent> announced(int partition, boolean stale) {
    return driver.getKeyValueStore(served(Names.ANNOUNCED_STORE, partition));
  }

  private static String served(String store, int partition) {
    if (partition != 0) {
      throw new InvalidStateStoreException(store + ": only partition 0 here");
    }
    return store;
  }
}
