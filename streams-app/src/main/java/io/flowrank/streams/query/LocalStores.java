package io.flowrank.streams.query;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.ranking.DeviceRankings;
import io.flowrank.core.ranking.MeasureRanking;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.DeviceCounts;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.Rankings;
import io.flowrank.streams.topology.WindowTotal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.function.IntFunction;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * This instance's answers from its own stores, one partition at a time, so every answer knows
 * exactly which partitions it covers. A partition this instance cannot serve now (not hosted,
 * restoring, rebalancing without {@code stale}) is a {@link NotReadyException}, never a silently
 * smaller answer. A partition processed here has live rankings ({@link Rankings}, one per measure):
 * its top-N reads N entries instead of every device.
 */
public final class LocalStores implements PartitionQueries {

  /** The stores as Kafka Streams serves them to interactive queries. */
  public interface Source {
    KafkaStreams.State state();

    /**
     * One partition of the evidence store, active or (with {@code stale}) a standby copy: each
     * device's evidence of all time and in its latest window.
     *
     * @throws InvalidStateStoreException when that partition cannot be read here now
     */
    ReadOnlyKeyValueStore<String, DeviceCounts> evidence(int partition, boolean stale);

    /** One partition of the flow statistics, as {@link #evidence}. */
    ReadOnlyKeyValueStore<String, Long> stats(int partition, boolean stale);

    /** One partition of the evidence per window, as {@link #evidence}. */
    ReadOnlyWindowStore<String, Evidence> windowEvidence(int partition, boolean stale);

    /** One partition of the totals per window, as {@link #evidence}. */
    ReadOnlyWindowStore<String, WindowTotal> windowTotals(int partition, boolean stale);

    /** One partition of the devices announced, as {@link #evidence}. */
    ReadOnlyKeyValueStore<String, ServerEvent> announced(int partition, boolean stale);
  }

  private final Source source;
  private final Rankings rankings;
  private final LocalWindows windows;

  public LocalStores(KafkaStreams streams, Rankings rankings) {
    this(
        new Source() {
          @Override
          public KafkaStreams.State state() {
            return streams.state();
          }

          @Override
          public ReadOnlyKeyValueStore<String, DeviceCounts> evidence(
              int partition, boolean stale) {
            return store(Names.COUNTS_STORE, partition, stale);
          }

          @Override
          public ReadOnlyKeyValueStore<String, Long> stats(int partition, boolean stale) {
            return store(Names.STATS_STORE, partition, stale);
          }

          @Override
          public ReadOnlyWindowStore<String, Evidence> windowEvidence(int partition, boolean stale) {
            return query(
                Names.WINDOW_COUNTS_STORE, QueryableStoreTypes.windowStore(), partition, stale);
          }

          @Override
          public ReadOnlyWindowStore<String, WindowTotal> windowTotals(
              int partition, boolean stale) {
            return query(
                Names.WINDOW_TOTALS_STORE, QueryableStoreTypes.windowStore(), partition, stale);
          }

          @Override
          public ReadOnlyKeyValueStore<String, ServerEvent> announced(int partition, boolean stale) {
            return store(Names.ANNOUNCED_STORE, partition, stale);
          }

          private <V> ReadOnlyKeyValueStore<String, V> store(
              String name, int partition, boolean stale) {
            return query(name, QueryableStoreTypes.<String, V>keyValueStore(), partition, stale);
          }

          private <T> T query(
              String name, QueryableStoreType<T> type, int partition, boolean stale) {
            var parameters =
                StoreQueryParameters.fromNameAndType(name, type).withPartition(partition);
            return streams.store(stale ? parameters.enableStaleStores() : parameters);
          }
        },
        rankings);
  }

  public LocalStores(Source source, Rankings rankings) {
    this.source = source;
    this.rankings = rankings;
    this.windows = new LocalWindows(source, rankings);
  }

  @Override
  public List<WindowPart> windows(List<Integer> partitions, boolean stale) {
    return windows.windows(partitions, stale);
  }

  @Override
  public List<WindowEvidence> timeline(String dstdevice, int partition, boolean stale) {
    return windows.timeline(dstdevice, partition, stale);
  }

  @Override
  public List<ServerEvent> events(int limit, List<Integer> partitions, boolean stale) {
    return windows.events(limit, partitions, stale);
  }

  /**
   * The first {@code n} devices of the given partitions by {@code by}: from the live ranking of a
   * partition processed here, else from its store (every device read: standby copies, partitions
   * still starting); with the web flows and the measure's total of the same partitions.
   */
  @Override
  public TopPart top(int n, Measure by, List<Integer> partitions, boolean stale) {
    return top(
        n,
        by,
        partitions,
        stale,
        partition -> rankings.of(partition),
        (partition, sink) -> forEachEvidence(partition, stale, sink));
  }

  /** The same from the live ranking of the window, else from the partition's window store. */
  @Override
  public TopPart windowTop(
      int n, Measure by, long window, List<Integer> partitions, boolean stale) {
    return top(
        n,
        by,
        partitions,
        stale,
        partition -> rankings.of(partition, window),
        (partition, sink) -> windows.forEachEvidence(partition, window, stale, sink));
  }

  private TopPart top(
      int n,
      Measure by,
      List<Integer> partitions,
      boolean stale,
      IntFunction<Optional<DeviceRankings>> rankingOf,
      BiConsumer<Integer, BiConsumer<String, Evidence>> everyDevice) {
    requireState(source, stale);
    Comparator<RankedEvidence> order = RankedEvidence.order(by);
    PriorityQueue<RankedEvidence> best = new PriorityQueue<>(order.reversed());
    long webFlows = 0;
    Total total = Total.ZERO;
    for (int partition : partitions) {
      Optional<DeviceRankings> ranking =
          n <= Rankings.CAPACITY ? rankingOf.apply(partition) : Optional.empty();
      if (ranking.isPresent()) {
        MeasureRanking byMeasure = ranking.get().by(by);
        byMeasure.top(n).forEach(device -> offer(best, device, n, order));
        webFlows += ranking.get().webFlows();
        total = total.plus(byMeasure.total());
      } else {
        long[] flows = {0};
        Total[] sum = {Total.ZERO};
        everyDevice.accept(
            partition,
            (device, evidence) -> {
              offer(best, new RankedEvidence(device, evidence), n, order);
              flows[0] += evidence.count();
              sum[0] = sum[0].plus(by.total(evidence));
            });
        webFlows += flows[0];
        total = total.plus(sum[0]);
      }
    }
    List<RankedEvidence> sorted = new ArrayList<>(best);
    sorted.sort(order);
    List<DeviceAnswer> devices = new ArrayList<>(sorted.size());
    for (RankedEvidence device : sorted) {
      devices.add(DeviceAnswer.of(device.dstdevice(), device.evidence(), List.of()));
    }
    return new TopPart(devices, webFlows, total.toBigInteger());
  }

  /** Keeps the best {@code n}: the worst kept at the head, so each other device costs a compare. */
  private static void offer(
      PriorityQueue<RankedEvidence> best,
      RankedEvidence device,
      int n,
      Comparator<RankedEvidence> order) {
    if (best.size() < n) {
      best.add(device);
    } else if (order.compare(device, best.peek()) < 0) {
      best.poll();
      best.add(device);
    }
  }

  /**
   * Counted from the live ranking of a partition processed here when the probe ranks above its
   * bar, else by reading the partition's store.
   */
  @Override
  public Above above(
      String dstdevice, Measure by, long score, List<Integer> partitions, boolean stale) {
    requireState(source, stale);
    long above = 0;
    long webFlows = 0;
    Total total = Total.ZERO;
    for (int partition : partitions) {
      Optional<DeviceRankings> ranking = rankings.of(partition);
      OptionalLong fromRanking =
          ranking.map(r -> r.by(by).countAbove(dstdevice, score)).orElse(OptionalLong.empty());
      if (fromRanking.isPresent()) {
        above += fromRanking.getAsLong();
        webFlows += ranking.get().webFlows();
        total = total.plus(ranking.get().by(by).total());
      } else {
        long[] counted = {0, 0};
        Total[] sum = {Total.ZERO};
        forEachEvidence(
            partition,
            stale,
            (other, evidence) -> {
              long otherScore = by.score(evidence);
              if (otherScore > score || (otherScore == score && other.compareTo(dstdevice) < 0)) {
                counted[0]++;
              }
              counted[1] += evidence.count();
              sum[0] = sum[0].plus(by.total(evidence));
            });
        above += counted[0];
        webFlows += counted[1];
        total = total.plus(sum[0]);
      }
    }
    return new Above(above, webFlows, total.toBigInteger());
  }

  @Override
  public Optional<Evidence> evidence(String dstdevice, int partition, boolean stale) {
    return Optional.ofNullable(
        read(
            () -> {
              requireState(source, stale);
              DeviceCounts counts = source.evidence(partition, stale).get(dstdevice);
              return counts == null ? null : counts.allTime();
            }));
  }

  /** Checks every partition now; writes them later, one after the other, without copying any. */
  @Override
  public Counts counts(List<Integer> partitions, boolean stale) {
    return counts(
        partitions,
        stale,
        partition -> source.evidence(partition, stale),
        (partition, sink) -> forEachEvidence(partition, stale, sink));
  }

  @Override
  public Counts windowCounts(long window, List<Integer> partitions, boolean stale) {
    return counts(
        partitions,
        stale,
        partition -> source.windowEvidence(partition, stale),
        (partition, sink) -> windows.forEachEvidence(partition, window, stale, sink));
  }

  private Counts counts(
      List<Integer> partitions,
      boolean stale,
      IntFunction<?> check,
      BiConsumer<Integer, BiConsumer<String, Evidence>> everyDevice) {
    read(
        () -> {
          requireState(source, stale);
          for (int partition : partitions) {
            check.apply(partition);
          }
          return null;
        });
    return new Counts() {
      @Override
      public void writeTo(CountsSink sink) {
        for (int partition : partitions) {
          everyDevice.accept(partition, sink::accept);
        }
      }

      @Override
      public void close() {}
    };
  }

  private void forEachEvidence(int partition, boolean stale, BiConsumer<String, Evidence> sink) {
    read(
        () -> {
          requireState(source, stale);
          try (KeyValueIterator<String, DeviceCounts> all =
              source.evidence(partition, stale).all()) {
            while (all.hasNext()) {
              var entry = all.next();
              sink.accept(entry.key, entry.value.allTime());
            }
          }
          return null;
        });
  }

  @Override
  public StreamStats stats(List<Integer> partitions, boolean stale) {
    return read(
        () -> {
          requireState(source, stale);
          long web = 0;
          long other = 0;
          long late = 0;
          Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
          Map<NumericField, Long> incomplete = new EnumMap<>(NumericField.class);
          for (int partition : partitions) {
            try (KeyValueIterator<String, Long> all = source.stats(partition, stale).all()) {
              while (all.hasNext()) {
                var entry = all.next();
                if (FlowStats.WEB_FLOWS.equals(entry.key)) {
                  web += entry.value;
                } else if (FlowStats.OTHER_FLOWS.equals(entry.key)) {
                  other += entry.value;
                } else if (FlowStats.LATE.equals(entry.key)) {
                  late += entry.value;
                } else if (FlowStats.reasonOf(entry.key) != null) {
                  rejected.merge(FlowStats.reasonOf(entry.key), entry.value, Long::sum);
                } else if (FlowStats.incompleteFieldOf(entry.key) != null) {
                  incomplete.merge(FlowStats.incompleteFieldOf(entry.key), entry.value, Long::sum);
                }
              }
            }
          }
          return new StreamStats(web, other, rejected, incomplete, late);
        });
  }

  /** Fails unless Kafka Streams' state lets the source answer queries now. */
  static void requireState(Source source, boolean stale) {
    KafkaStreams.State state = source.state();
    boolean queryable =
        state == KafkaStreams.State.RUNNING || (stale && state == KafkaStreams.State.REBALANCING);
    if (!queryable) {
      throw new NotReadyException(
          "Kafka Streams is " + state + (stale ? "" : "; add stale=true to read standby copies"));
    }
  }

  /** The query's answer; a store partition that cannot be read here now is a {@link NotReadyException}. */
  static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("a store partition is not queryable here now: " + e.getMessage());
    }
  }
}
