package io.flowrank.streams.query;

import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.LiveRanking;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.Rankings;
import io.flowrank.streams.topology.Names;
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
 * Queries on this instance's stores, one partition at a time, so every answer knows exactly which
 * partitions it covers. A partition this instance cannot serve now (not hosted, restoring,
 * rebalancing without {@code stale}) is a {@link NotReadyException}, never a silently smaller answer.
 */
public final class LocalStores {

  private final Supplier<KafkaStreams> streams;
  private final Rankings rankings;

  public LocalStores(Supplier<KafkaStreams> streams, Rankings rankings) {
    this.streams = streams;
    this.rankings = rankings;
  }

  /**
   * The first {@code n} devices of the given partitions of {@code webserver-counts}: from the live
   * ranking of a partition processed here (N entries read), else from its store (every device
   * read: standby copies, partitions still starting).
   */
  public List<DeviceCount> top(int n, Collection<Integer> partitions, boolean stale) {
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
    return top.result();
  }

  /**
   * The web flows counted in the given partitions of {@code webserver-counts} (the sum of their
   * devices' counts): from the live ranking of a partition processed here, else from its store.
   */
  public long webFlows(Collection<Integer> partitions, boolean stale) {
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

  /** {@link #top} and {@link #webFlows} of the same partitions, as {@code /internal/top} answers. */
  public RemoteInstances.TopPart topPart(int n, List<Integer> partitions, boolean stale) {
    return new RemoteInstances.TopPart(top(n, partitions, stale), webFlows(partitions, stale));
  }

  /** {@link #countAbove} and {@link #webFlows} of the same partitions, as {@code /internal/above}. */
  public RemoteInstances.Above above(
      String dstdevice, long count, List<Integer> partitions, boolean stale) {
    return new RemoteInstances.Above(
        countAbove(dstdevice, count, partitions, stale), webFlows(partitions, stale));
  }

  /** One device's count, read from the partition that holds its key. */
  public OptionalLong count(String dstdevice, int partition, boolean stale) {
    Long count = read(() -> store(Names.COUNTS_STORE, partition, stale).get(dstdevice));
    return count == null ? OptionalLong.empty() : OptionalLong.of(count);
  }

  /** Hands every count of one partition to {@code sink}, without copying the partition. */
  public void forEachCount(int partition, boolean stale, Consumer<DeviceCount> sink) {
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

  /**
   * How many devices of the given partitions rank above {@code count} for {@code dstdevice} (more
   * flows, or as many and a smaller name): from the live ranking of a partition processed here when
   * the probe ranks above its bar, else by reading the partition's store.
   */
  public long countAbove(String dstdevice, long count, Collection<Integer> partitions, boolean stale) {
    requireState(stale);
    long above = 0;
    for (int partition : partitions) {
      OptionalLong fromRanking =
          rankings.of(partition).map(r -> r.countAbove(dstdevice, count)).orElse(OptionalLong.empty());
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
    return above;
  }

  /** Fails now, before anything is written, when one of the partitions cannot be read here. */
  public void requireQueryable(List<Integer> partitions, boolean stale) {
    read(
        () -> {
          for (int partition : partitions) {
            store(Names.COUNTS_STORE, partition, stale);
          }
          return null;
        });
  }

  /** The flow statistics of the given partitions of {@code flows}. */
  public StreamStats stats(Collection<Integer> partitions, boolean stale) {
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
    KafkaStreams current = requireState(stale);
    StoreQueryParameters<ReadOnlyKeyValueStore<String, Long>> parameters =
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Long>keyValueStore())
            .withPartition(partition);
    return current.store(stale ? parameters.enableStaleStores() : parameters);
  }

  /** Kafka Streams, when its state lets it answer queries now. */
  private KafkaStreams requireState(boolean stale) {
    KafkaStreams current = streams.get();
    if (current == null) {
      throw new NotReadyException("Kafka Streams is not started yet");
    }
    KafkaStreams.State state = current.state();
    boolean queryable =
        state == KafkaStreams.State.RUNNING
            || (stale && state == KafkaStreams.State.REBALANCING);
    if (!queryable) {
      throw new NotReadyException(
          "Kafka Streams is " + state + (stale ? "" : "; add stale=true to read standby copies"));
    }
    return current;
  }

  private static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("a store partition is not queryable here now: " + e.getMessage());
    }
  }
}
