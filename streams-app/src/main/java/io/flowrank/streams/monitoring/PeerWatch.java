package io.flowrank.streams.monitoring;

import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.streams.query.ClusterView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions of {@code webserver-counts} no instance can answer for now, and since when:
 * those without an active instance (a rebalance, or one instance left), and those whose active
 * instance does not answer HTTP (killed: the group notices only when its session times out).
 * Checked every second by asking the other instances' {@code /health}; what {@code /api/progress},
 * {@code /api/cluster} and the dashboard show while an instance is down.
 */
public final class PeerWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  private final ClusterView cluster;
  private final Supplier<KafkaStreams.State> state;
  private final Probe probe;
  private final LongSupplier clock;

  /** Each unserved partition: since when (epoch ms) and why. */
  private final Map<Integer, Outage> outages = new TreeMap<>();

  private ScheduledExecutorService timer;

  private record Outage(long sinceMillis, String reason) {}

  /** Whether another instance answers HTTP at all within {@code timeout}. */
  @FunctionalInterface
  public interface Probe {
    boolean answers(HostInfo host, Duration timeout);
  }

  /**
   * @param state this instance's Kafka Streams state
   */
  public PeerWatch(
      ClusterView cluster, Supplier<KafkaStreams.State> state, Probe probe, LongSupplier clock) {
    this.cluster = cluster;
    this.state = state;
    this.probe = probe;
    this.clock = clock;
  }

  /** Checks every second on a daemon thread of its own. */
  public synchronized void start() {
    timer = Repeat.every(INTERVAL, Duration.ZERO, "flowrank-peer-watch", this::checkLogged);
  }

  private void checkLogged() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("peer check failed: {}", e.toString());
    }
  }

  /** Checks now rather than at the next tick (Kafka Streams changed state). */
  public synchronized void checkSoon() {
    if (timer != null && !timer.isShutdown()) {
      timer.execute(this::checkLogged);
    }
  }

  /** The partitions unserved at the last check, in partition order. */
  public synchronized List<Progress.Unserved> unserved() {
    long now = clock.getAsLong();
    List<Progress.Unserved> list = new ArrayList<>();
    outages.forEach(
        (partition, o) ->
            list.add(
                new Progress.Unserved(
                    partition,
                    o.sinceMillis(),
                    Instant.ofEpochMilli(o.sinceMillis()).toString(),
                    Math.max(0, now - o.sinceMillis()),
                    o.reason())));
    return list;
  }

  /** One check: who is active for each partition, and whether it answers. */
  void check() {
    KafkaStreams.State state = this.state.get();
    boolean hasMetadata = state.isRunningOrRebalancing();
    Map<Integer, String> problems = new HashMap<>();
    Set<Integer> covered = new HashSet<>();
    if (hasMetadata) {
      for (ClusterAnswer.Instance instance : cluster.layout().instances()) {
        if (instance.active().isEmpty()) {
          continue;
        }
        covered.addAll(instance.active());
        String problem = null;
        if (instance.self() && state != KafkaStreams.State.RUNNING) {
          problem = "is " + state;
        } else if (!instance.self()
            && !probe.answers(HostInfo.buildFromEndpoint(instance.host()), PROBE_TIMEOUT)) {
          problem = "does not answer";
        }
        if (problem != null) {
          String reason = "its instance " + instance.host() + " " + problem;
          instance.active().forEach(p -> problems.put(p, reason));
        }
      }
    }
    // Without metadata (not started, starting, shutting down, failed) nothing is served here.
    String uncovered =
        hasMetadata
            ? "no active instance (rebalancing, or an instance left)"
            : "Kafka Streams is " + state;
    for (int p = 0; p < cluster.partitionCount(); p++) {
      if (!covered.contains(p)) {
        problems.put(p, uncovered);
      }
    }
    record(problems, clock.getAsLong());
  }

  synchronized void record(Map<Integer, String> problems, long now) {
    outages.keySet().retainAll(problems.keySet());
    List<Integer> fresh = new ArrayList<>();
    problems.forEach(
        (partition, reason) -> {
          Outage before = outages.get(partition);
          if (before == null) {
            fresh.add(partition);
          }
          outages.put(partition, new Outage(before == null ? now : before.sinceMillis(), reason));
        });
    if (!fresh.isEmpty()) {
      LOG.info("partitions {} of webserver-counts unserved: {}", fresh, problems.get(fresh.get(0)));
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
