package io.flowrank.streams.query;

import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.FlowStats;
import io.flowrank.streams.topology.WebServerTopology;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * Interactive queries on this instance's stores, free of HTTP: the top-N, one device's count, every
 * count, and the flow statistics. Each answer covers every task of this instance; when the stores are
 * not queryable a {@link NotReadyException} says so instead of a partial answer.
 */
public final class CountQueries {

  private final Supplier<KafkaStreams> streams;

  /** Takes a supplier because the HTTP server starts before Kafka Streams (its port is needed first). */
  public CountQueries(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** The first {@code n} devices by count, ties by dstdevice. */
  public List<DeviceCount> top(int n) {
    TopN top = new TopN(n);
    forEachCount(top::offer);
    return top.result();
  }

  /** The count of one device; empty when it was never seen. */
  public OptionalLong count(String dstdevice) {
    Long count = read(() -> counts().get(dstdevice));
    return count == null ? OptionalLong.empty() : OptionalLong.of(count);
  }

  /** Hands every device's count to {@code sink}, one at a time (no full copy in memory). */
  public void forEachCount(Consumer<DeviceCount> sink) {
    read(
        () -> {
          try (KeyValueIterator<String, Long> all = counts().all()) {
            while (all.hasNext()) {
              var entry = all.next();
              sink.accept(new DeviceCount(entry.key, entry.value));
            }
          }
          return null;
        });
  }

  /** The flow statistics of every local task. */
  public StreamStats stats() {
    return read(
        () -> {
          long web = 0;
          long other = 0;
          Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
          try (KeyValueIterator<String, Long> all = store(WebServerTopology.STATS_STORE).all()) {
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
          return new StreamStats(web, other, rejected);
        });
  }

  private ReadOnlyKeyValueStore<String, Long> counts() {
    return store(WebServerTopology.COUNTS_STORE);
  }

  private ReadOnlyKeyValueStore<String, Long> store(String name) {
    KafkaStreams current = streams.get();
    if (current == null) {
      throw new NotReadyException("Kafka Streams is not started yet");
    }
    KafkaStreams.State state = current.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw new NotReadyException("Kafka Streams is " + state + ", not RUNNING");
    }
    return current.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Long>keyValueStore()));
  }

  private static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("the store is not queryable now: " + e.getMessage());
    }
  }
}
