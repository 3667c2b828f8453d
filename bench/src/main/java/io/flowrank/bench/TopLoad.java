package io.flowrank.bench;

import io.flowrank.core.evidence.Measure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients calling {@code GET /api/top?n=20&by=...}, each on its own thread and connection, every
 * measure asked in turn, recording every latency per measure, until stopped: back to back, or each
 * client on a schedule of one request per interval (a dashboard's refresh, many users), its latency
 * then counted from the time the schedule had it due, so a slow answer that delays the next request
 * counts in both (no coordinated omission).
 */
final class TopLoad {

  private final String endpoint;
  private final int clients;
  private final List<Measure> measures;
  private final long intervalNanos;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<Measure, List<double[]>> latencies = new EnumMap<>(Measure.class);
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean stopped;

  /**
   * @param interval each client's time between two requests; zero: back to back
   */
  TopLoad(String endpoint, int clients, List<Measure> measures, Duration interval) {
    this.endpoint = endpoint;
    this.clients = clients;
    this.measures = List.copyOf(measures);
    this.intervalNanos = interval.toNanos();
    measures.forEach(m -> latencies.put(m, new ArrayList<>()));
  }

  void start() {
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(this::client, "bench-top-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops the clients and returns every latency in milliseconds, per measure. */
  Map<Measure, double[]> stop() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join();
    }
    Map<Measure, double[]> all = new EnumMap<>(Measure.class);
    synchronized (latencies) {
      latencies.forEach(
          (measure, parts) ->
              all.put(measure, parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray()));
    }
    return all;
  }

  long errors() {
    return errors.get();
  }

  private void client() {
    StreamApi api = new StreamApi(endpoint);
    double[][] mine = new double[measures.size()][1 << 15];
    int[] counts = new int[measures.size()];
    long due = System.nanoTime();
    for (int turn = 0; !stopped; turn = (turn + 1) % measures.size()) {
      long start = System.nanoTime();
      if (intervalNanos > 0) {
        if (due > start) {
          LockSupport.parkNanos(due - start);
        }
        start = due;
        due += intervalNanos;
      }
      try {
        if (api.topStatus(20, measures.get(turn)) != 200) {
          errors.incrementAndGet();
          continue;
        }
      } catch (IOException e) {
        errors.incrementAndGet();
        continue;
      }
      if (counts[turn] == mine[turn].length) {
        mine[turn] = java.util.Arrays.copyOf(mine[turn], counts[turn] * 2);
      }
      mine[turn][counts[turn]++] = (System.nanoTime() - start) / 1e6;
    }
    synchronized (latencies) {
      for (int i = 0; i < measures.size(); i++) {
        latencies.get(measures.get(i)).add(java.util.Arrays.copyOf(mine[i], counts[i]));
      }
    }
  }
}
