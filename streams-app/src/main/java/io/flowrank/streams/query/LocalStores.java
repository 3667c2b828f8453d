package io.flowrank.streams.query;

import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.LiveRanking;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.Rankings;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's answers from its own stores, one partition at a time, so every answer knows
 * exactly which partitions it covers. A partition this instance cannot serve now (not hosted,
 * restoring, rebalancing without {@code stale}) is a {@link NotReadyException}, never a silently
 * smaller answer. A partition processed here has a live ranking ({@link Rankings}): its top-N reads
 * N entries instead of every device.
 */
public final class LocalStores implements PartitionQueries {

  /** The stores as Kafka Streams serves them to interactive queries. */
  public interface Source {
    KafkaStreams.State state();

    /**
     * One partition of a store, active or (with {@code stale}) a standby copy.
     *
     * @throws InvalidStateStoreException when that partition cannot be read here now
     */
    ReadOnlyKeyValueStore<String, Long> store(String name, int partition, boolean stale);
  }

  private final Source source;
  private final Rankings rankings;

  public LocalStores(KafkaStreams streams, Rankings rankings) {
    this(
        new Source() {
          @Override
          public KafkaStreams.State state() {
            return streams.state();
          }

          @Override
          public ReadOnlyKeyValueStore<String, Long> store(
              String name, int partition, boolean stale) {
            var parameters =
                StoreQueryParameters.fromNameAndType(
                        name, QueryableStoreTypes.<String, Long>keyValueStore())
                    .withPartition(partition);
            return streams.store(stale ? parameters.enableStaleStores() : parameters);
          }
        },
        rankings);
  }

  public LocalStores(Source source, Rankings rankings) {
    this.source = source;
    this.rankings = rankings;
  }

  /**
   * The first {@code n} devices of the given partitions: from the live ranking of a partition
   * processed here, else from its store (every device read: standby copies, partitions still
   * starting); with the web flows of the same partitions.
   */
  @Override
  public TopPart top(int n, List<Integer> partitions, boolean stale) {
    requireState(stale);
    TopN top = new TopN(n);
    for (int partition : partitions) {
      Optional<LiveRanking> ranking =
          n <= Rankings.CAPACITY ? rankings.of(partition) : Optional.empty();
      if (ranking.isPresent()) {
        ranking.get().top(n).forEach(top::offer);
      } else {
        forEachCount(partition, stale, top::offer);
      }
    }
    return new TopPart(top.result(), webFlows(partitions, stale));
  }

  /**
   * The web flows counted in the given partitions (the sum of their devices' counts): from the live
   * ranking of a partition processed here, else from its store.
   */
  private long webFlows(Collection<Integer> partitions, boolean stale) {
    requireState(stale);
    long total = 0;
    for (int partition : partitions) {
      Optional<LiveRanking> ranking = rankings.of(partition);
      if (ranking.isPresent()) {
        total += ranking.get().total();
      } else {
        long[] sum = {0};
        forEachCount(partition, stale, device -> sum[0] += device.count());
        total += sum[0];
      }
    }
    return total;
  }

  /**
   * Counted from the live ranking of a partition processed here when the probe ranks above its bar,
   * else by reading the partition's store.
   */
  @Override
  public Above above(String dstdevice, long count, List<Integer> partitions, boolean stale) {
    requireState(stale);
    long above = 0;
    for (int partition : partitions) {
      OptionalLong fromRanking =
          rankings
              .of(partition)
              .map(r -> r.countAbove(dstdevice, count))
              .orElse(OptionalLong.empty());
      if (fromRanking.isPresent()) {
        above += fromRanking.getAsLong();
      } else {
        long[] inStore = {0};
        forEachCount(
            partition,
            stale,
            other -> {
              if (other.count() > count
                  || (other.count() == count && other.dstdevice().compareTo(dstdevice) < 0)) {
                inStore[0]++;
              }
            });
        above += inStore[0];
      }
    }
    return new Above(above, webFlows(partitions, stale));
  }

  @Override
  public OptionalLong count(String dstdevice, int partition, boolean stale) {
    Long count = read(() -> store(Names.COUNTS_STORE, partition, stale).get(dstdevice));
    return count == null ? OptionalLong.empty() : OptionalLong.of(count);
  }

  /** Checks every partition now; writes them later, one after the other, without copying any. */
  @Override
  public Counts counts(List<Integer> partitions, boolean stale) {
    read(
        () -> {
          for (int partition : partitions) {
            store(Names.COUNTS_STORE, partition, stale);
          }
          return null;
        });
    return new Counts() {
      @Override
      public void writeTo(CountsSink sink) {
        for (int partition : partitions) {
          forEachCount(partition, stale, sink::accept);
        }
      }

      @Override
      public void close() {}
    };
  }

  private void forEachCount(int partition, boolean stale, Consumer<DeviceCount> sink) {
    read(
        () -> {
          try (KeyValueIterator<String, Long> all =
              store(Names.COUNTS_STORE, partition, stale).all()) {
            while (all.hasNext()) {
              var entry = all.next();
              sink.accept(new DeviceCount(entry.key, entry.value));
            }
          }
          return null;
        });
  }

  @Override
  public StreamStats stats(List<Integer> partitions, boolean stale) {
    return read(
        () -> {
          long web = 0;
          long other = 0;
          Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
          for (int partition : partitions) {
            try (KeyValueIterator<String, Long> all =
                store(Names.STATS_STORE, partition, stale).all()) {
              while (all.hasNext()) {
                var entry = all.next();
                if (FlowStats.WEB_FLOWS.equals(entry.key)) {
                  web += entry.value;
                } else if (FlowStats.OTHER_FLOWS.equals(entry.key)) {
                  other += entry.value;
                } else {
                  RejectReason reason = FlowStats.reasonOf(entry.key);
                  if (reason != null) {
                    rejected.merge(reason, entry.value, Long::sum);
                  }
                }
              }
            }
          }
          return new StreamStats(web, other, rejected);
        });
  }

  private ReadOnlyKeyValueStore<String, Long> store(String name, int partition, boolean stale) {
    requireState(stale);
    return source.store(name, partition, stale);
  }

  /** Fails unless Kafka Streams' state lets it answer queries now. */
  private void requireState(boolean stale) {
    KafkaStreams.State state = source.state();
    boolean queryable =
        state == KafkaStreams.State.RUNNING || (stale && state == KafkaStreams.State.REBALANCING);
    if (!queryable) {
      throw new NotReadyException(
          "Kafka Streams is " + state + (stale ? "" : "; add stale=true to read standby copies"));
    }
  }

  private static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("a store partition is not queryable here now: " + e.getMessage());
    }
  }
}
