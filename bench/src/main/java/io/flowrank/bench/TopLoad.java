package io.flowrank.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients calling {@code GET /api/top?n=20} back to back, each on its own thread and connection,
 * recording every latency, until stopped.
 */
final class TopLoad {

  private final String endpoint;
  private final int clients;
  private final List<Thread> threads = new ArrayList<>();
  private final List<double[]> latencies = new ArrayList<>();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean stopped;

  TopLoad(String endpoint, int clients) {
    this.endpoint = endpoint;
    this.clients = clients;
  }

  void start() {
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(this::client, "bench-top-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops the clients and returns every latency in milliseconds. */
  double[] stop() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join();
    }
    synchronized (latencies) {
      return latencies.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }
  }

  long errors() {
    return errors.get();
  }

  private void client() {
    StreamApi api = new StreamApi(endpoint);
    double[] mine = new double[1 << 16];
    int count = 0;
    while (!stopped) {
      long start = System.nanoTime();
      try {
        if (api.topStatus(20) != 200) {
          errors.incrementAndGet();
          continue;
        }
      } catch (IOException e) {
        errors.incrementAndGet();
        continue;
      }
      if (count == mine.length) {
        mine = java.util.Arrays.copyOf(mine, count * 2);
      }
      mine[count++] = (System.nanoTime() - start) / 1e6;
    }
    synchronized (latencies) {
      latencies.add(java.util.Arrays.copyOf(mine, count));
    }
  }
}
