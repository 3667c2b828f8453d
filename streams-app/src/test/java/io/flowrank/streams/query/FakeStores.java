package io.flowrank.streams.query;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.DeviceCounts;
import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.streams.topology.EvidenceFormat;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.WindowTotal;
import java.time.Duration;
import java.util.List;
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
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One instance's stores, as Kafka Streams would serve them: Kafka's in-memory stores, one per
 * partition held, with the evidence of that partition's devices and its flow statistics (its
 * devices' web flows, {@code 10 + p} other flows, one rejected line and {@code p + 1} web flows
 * without a time for partition p). A standby partition answers only stale reads. Given {@link
 * #withWindows}, the same per window of data time, with the totals per window and the events of
 * the partition's devices.
 */
public final class FakeStores implements LocalStores.Source {

  private final Map<String, Evidence> evidence;
  private final int partitions;
  private final Map<Integer, KeyValueStore<String, DeviceCounts>> evidenceStores =
      new ConcurrentHashMap<>();
  private final Map<Integer, KeyValueStore<String, Long>> statStores = new ConcurrentHashMap<>();
  private final Map<Integer, WindowStore<String, Evidence>> windowStores = new ConcurrentHashMap<>();
  private final Map<Integer, WindowStore<String, WindowTotal>> totalStores =
      new ConcurrentHashMap<>();
  private final Map<Integer, KeyValueStore<String, ServerEvent>> announcedStores =
      new ConcurrentHashMap<>();
  private final Set<Integer> standbys = ConcurrentHashMap.newKeySet();
  private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
  private Map<Long, Map<String, Evidence>> windows = Map.of();
  private List<ServerEvent> events = List.of();

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

  /**
   * The application's evidence per window start and its events; the partitions held from now on
   * hold those of their devices.
   */
  public FakeStores withWindows(Map<Long, Map<String, Evidence>> windows, List<ServerEvent> events) {
    this.windows = windows;
    this.events = events;
    return this;
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
  public ReadOnlyKeyValueStore<String, DeviceCounts> evidence(int partition, boolean stale) {
    return served(evidenceStores, Names.COUNTS_STORE, partition, stale);
  }

  @Override
  public ReadOnlyKeyValueStore<String, Long> stats(int partition, boolean stale) {
    return served(statStores, Names.STATS_STORE, partition, stale);
  }

  @Override
  public ReadOnlyWindowStore<String, Evidence> windowEvidence(int partition, boolean stale) {
    return served(windowStores, Names.WINDOW_COUNTS_STORE, partition, stale);
  }

  @Override
  public ReadOnlyWindowStore<String, WindowTotal> windowTotals(int partition, boolean stale) {
    return served(totalStores, Names.WINDOW_TOTALS_STORE, partition, stale);
  }

  @Override
  public ReadOnlyKeyValueStore<String, ServerEvent> announced(int partition, boolean stale) {
    return served(announcedStores, Names.ANNOUNCED_STORE, partition, stale);
  }

  private <S> S served(Map<Integer, S> stores, String name, int partition, boolean stale) {
    S store = stores.get(partition);
    if (store == null || (standbys.contains(partition) && !stale)) {
      throw new InvalidStateStoreException(
          name + " partition " + partition + " is not " + (store == null ? "here" : "active here"));
    }
    return store;
  }

  private void hold(int partition) {
    KeyValueStore<String, DeviceCounts> evidenceStore =
        newStore(Names.COUNTS_STORE, EvidenceFormat.countsSerde());
    long web = 0;
    for (var device : evidence.entrySet()) {
      if (DevicePartitioner.partitionOf(device.getKey(), partitions) == partition) {
        evidenceStore.put(device.getKey(), DeviceCounts.allTime(device.getValue()));
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
    WindowStore<String, Evidence> windowStore =
        newWindowStore(Names.WINDOW_COUNTS_STORE, EvidenceFormat.serde());
    WindowStore<String, WindowTotal> totalStore =
        newWindowStore(Names.WINDOW_TOTALS_STORE, WindowTotal.serde());
    // As the counter keeps them: a device's latest window in its counts value, the others in the
    // window store.
    Map<String, Long> latest = new HashMap<>();
    windows.forEach(
        (start, devices) -> devices.keySet().forEach(device -> latest.merge(device, start, Math::max)));
    windows.forEach(
        (start, devices) -> {
          WindowTotal total = null;
          for (var device : devices.entrySet()) {
            if (DevicePartitioner.partitionOf(device.getKey(), partitions) == partition) {
              if (latest.get(device.getKey()).equals(start)) {
                DeviceCounts allTime = evidenceStore.get(device.getKey());
                evidenceStore.put(
                    device.getKey(),
                    new DeviceCounts(
                        allTime == null ? Evidence.NONE : allTime.allTime(),
                        start,
                        device.getValue()));
              } else {
                windowStore.put(device.getKey(), device.getValue(), start);
              }
              total =
                  new WindowTotal(
                      (total == null ? 0 : total.webFlows()) + device.getValue().count(),
                      Math.max(total == null ? 0 : total.lastSeen(), device.getValue().lastSeen()));
            }
          }
          if (total != null) {
            totalStore.put(WindowTotal.KEY, total, start);
          }
        });
    KeyValueStore<String, ServerEvent> announcedStore =
        newStore(Names.ANNOUNCED_STORE, Topics.WEBSERVER_EVENTS.valueSerde());
    for (ServerEvent event : events) {
      if (DevicePartitioner.partitionOf(event.dstdevice(), partitions) == partition) {
        announcedStore.put(event.dstdevice(), event);
      }
    }
    windowStores.put(partition, windowStore);
    totalStores.put(partition, totalStore);
    announcedStores.put(partition, announcedStore);
  }

  private static <V> WindowStore<String, V> newWindowStore(String name, Serde<V> values) {
    // Timestamps are seconds of data time, as in the application's stores: a long retention.
    WindowStore<String, V> store =
        Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore(
                    name, Duration.ofMillis(1L << 40), Duration.ofMillis(60), false),
                Serdes.String(),
                values)
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
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
