package io.flowrank.bench;

import io.flowrank.core.evidence.Measure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients calling {@code GET /api/top?n=20&...}, each on its own thread and connection, every
 * query asked in turn (by each measure, of the latest window), recording every latency per query,
 * until stopped: back to back, or each
 * client on a schedule of one request per interval (a dashboard's refresh, many users), its latency
 * then counted from the time the schedule had it due, so a slow answer that delays the next request
 * counts in both (no coordinated omission).
 */
final class TopLoad {

  /** One ranking the clients ask for: its path and query. */
  record Query(String path) {

    /** {@code /api/top?n=20&by=<measure>}, all time. */
    static Query top20(Measure by) {
      return new Query("/api/top?n=20&by=" + by.wireName());
    }

    /** {@code /api/top?n=20&window=latest}: by count, the newest window of data time. */
    static Query top20LatestWindow() {
      return new Query("/api/top?n=20&window=latest");
    }
  }

  private final String endpoint;
  private final int clients;
  private final List<Query> queries;
  private final long intervalNanos;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<Query, List<double[]>> latencies = new LinkedHashMap<>();
  // Every request of the stopped clients.
  private final List<Request> timeline = new ArrayList<>();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean stopped;

  /**
   * @param interval each client's time between two requests; zero: back to back
   */
  TopLoad(String endpoint, int clients, List<Query> queries, Duration interval) {
    this.endpoint = endpoint;
    this.clients = clients;
    this.queries = List.copyOf(queries);
    this.intervalNanos = interval.toNanos();
    queries.forEach(q -> latencies.put(q, new ArrayList<>()));
  }

  void start() {
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(this::client, "bench-top-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops the clients and returns every latency in milliseconds, per query. */
  Map<Query, double[]> stop() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join();
    }
    Map<Query, double[]> all = new LinkedHashMap<>();
    synchronized (latencies) {
      latencies.forEach(
          (query, parts) ->
              all.put(query, parts.stream().flatMapToDouble(Arrays::stream).toArray()));
    }
    return all;
  }

  /**
   * Writes every request of the stopped clients to {@code file}, one line each, in the order they
   * were due: when (epoch milliseconds), the query, the latency and how late it was sent in
   * milliseconds; to line up slow answers with the processes' GC logs and what else happened then.
   */
  void writeTimeline(Path file) throws IOException {
    List<Request> requests;
    synchronized (latencies) {
      requests = new ArrayList<>(timeline);
    }
    requests.sort(Comparator.comparingLong(Request::dueMillis));
    List<String> lines = new ArrayList<>(requests.size() + 1);
    lines.add("due_epoch_ms\tquery\tlatency_ms\tlate_ms");
    for (Request request : requests) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%d\t%s\t%.3f\t%.3f",
              request.dueMillis(),
              request.query().path(),
              request.latencyMillis(),
              request.lateMillis()));
    }
    Files.write(file, lines);
  }

  /**
   * One request: when it was due (epoch milliseconds), what it asked, its latency, and how late the
   * client sent it (milliseconds: its thread woke up after the due time; part of the latency).
   */
  private record Request(long dueMillis, Query query, double latencyMillis, double lateMillis) {}

  /**
   * How late each request of the stopped clients was sent (milliseconds): the client's own share
   * of its latency, its thread waking up after the request was due.
   */
  double[] lateness() {
    synchronized (latencies) {
      return timeline.stream().mapToDouble(Request::lateMillis).toArray();
    }
  }

  long errors() {
    return errors.get();
  }

  private void client() {
    StreamApi api = new StreamApi(endpoint);
    double[][] mine = new double[queries.size()][1 << 15];
    int[] counts = new int[queries.size()];
    List<Request> requests = new ArrayList<>();
    long nanosToEpochMillis = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    long due = System.nanoTime();
    for (int turn = 0; !stopped; turn = (turn + 1) % queries.size()) {
      long start = System.nanoTime();
      long late = 0;
      if (intervalNanos > 0) {
        if (due > start) {
          LockSupport.parkNanos(due - start);
        }
        late = Math.max(0, System.nanoTime() - due);
        start = due;
        due += intervalNanos;
      }
      try {
        if (api.status(queries.get(turn).path()) != 200) {
          errors.incrementAndGet();
          continue;
        }
      } catch (IOException e) {
        errors.incrementAndGet();
        continue;
      }
      if (counts[turn] == mine[turn].length) {
        mine[turn] = Arrays.copyOf(mine[turn], counts[turn] * 2);
      }
      double latency = (System.nanoTime() - start) / 1e6;
      mine[turn][counts[turn]++] = latency;
      requests.add(
          new Request(
              (start + nanosToEpochMillis) / 1_000_000L, queries.get(turn), latency, late / 1e6));
    }
    synchronized (latencies) {
      timeline.addAll(requests);
      for (int i = 0; i < queries.size(); i++) {
        latencies.get(queries.get(i)).add(Arrays.copyOf(mine[i], counts[i]));
      }
    }
  }
}
