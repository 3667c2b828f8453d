package io.flowrank.streams.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions of {@code webserver-counts} no instance can answer for now, and since when: those
 * without an active instance (a rebalance, or one instance left), and those whose active instance
 * does not answer HTTP (killed: the group notices only when its session times out). Checked every
 * second by asking the other instances' {@code /health}; what {@code /api/progress}, {@code
 * /api/cluster} and the dashboard show while an instance is down.
 */
public final class PeerWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  private final ClusterView cluster;
  private final Supplier<KafkaStreams> streams;
  private final RemoteInstances remote;
  private final LongSupplier clock;
  private final Map<Integer, Unserved> unserved = new TreeMap<>();
  private ScheduledExecutorService timer;

  /**
   * A partition no instance answers for, since when (epoch ms and ISO-8601), for how long when
   * asked, and why.
   */
  public record Unserved(
      int partition, long sinceMillis, String since, long forMillis, String reason) {}

  public PeerWatch(
      ClusterView cluster,
      Supplier<KafkaStreams> streams,
      RemoteInstances remote,
      LongSupplier clock) {
    this.cluster = cluster;
    this.streams = streams;
    this.remote = remote;
    this.clock = clock;
  }

  /** Checks every second on a daemon thread of its own. */
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "flowrank-peer-watch");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::checkLogged, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
  public synchronized List<Unserved> unserved() {
    long now = clock.getAsLong();
    return unserved.values().stream()
        .map(u -> new Unserved(u.partition(), u.sinceMillis(), u.since(), Math.max(0, now - u.sinceMillis()), u.reason()))
        .toList();
  }

  /** One check: who holds each partition, and whether it answers. */
  void check() {
    Map<Integer, String> problems = new HashMap<>();
    KafkaStreams current = streams.get();
    int total = cluster.partitionCount();
    KafkaStreams.State state = current == null ? null : current.state();
    if (state == null || !(state.isRunningOrRebalancing())) {
      // No metadata to ask: not started, starting, shutting down or failed.
      String reason = "Kafka Streams is " + (state == null ? "not started" : state);
      for (int p = 0; p < total; p++) {
        problems.put(p, reason);
      }
    } else {
      Map<Integer, HostInfo> active = cluster.activeHosts();
      Map<HostInfo, Boolean> answers = new HashMap<>();
      boolean selfRunning = state == KafkaStreams.State.RUNNING;
      for (int p = 0; p < total; p++) {
        HostInfo host = active.get(p);
        if (host == null) {
          problems.put(p, "no active instance (rebalancing, or an instance left)");
        } else if (host.equals(cluster.self())) {
          if (!selfRunning) {
            problems.put(p, "its instance " + address(host) + " is " + state);
          }
        } else if (!answers.computeIfAbsent(host, h -> remote.answers(h, PROBE_TIMEOUT))) {
          problems.put(p, "its instance " + address(host) + " does not answer");
        }
      }
    }
    record(problems, clock.getAsLong());
  }

  synchronized void record(Map<Integer, String> problems, long now) {
    unserved.keySet().retainAll(problems.keySet());
    List<Integer> fresh = new ArrayList<>();
    problems.forEach(
        (partition, reason) -> {
          Unserved before = unserved.get(partition);
          long since = before == null ? now : before.sinceMillis();
          if (before == null) {
            fresh.add(partition);
          }
          unserved.put(
              partition,
              new Unserved(partition, since, Instant.ofEpochMilli(since).toString(), 0, reason));
        });
    if (!fresh.isEmpty()) {
      LOG.info("partitions {} of webserver-counts unserved: {}", fresh, problems.get(fresh.get(0)));
    }
  }

  private static String address(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
