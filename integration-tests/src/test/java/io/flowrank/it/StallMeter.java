package io.flowrank.it;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How long the stream's progress stands still: polls {@code /api/progress} every 100 ms from its
 * start and measures the longest time between two growths of the records counted, separately before
 * and after {@link #fault()}. The time runs out when the stream has counted {@code expected}
 * records (after that nothing is left to count). An answer that does not come (the app busy or its
 * Kafka calls waiting) counts as no growth. A figure to print, never to assert: it depends on the
 * machine.
 */
final class StallMeter implements AutoCloseable {

  static final Duration POLL = Duration.ofMillis(100);

  private final ApiClient client;
  private final long expected;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stall-meter");
            t.setDaemon(true);
            return t;
          });
  private long lastRecords = -1;
  private long lastGrowthNanos = System.nanoTime();
  private long faultNanos = -1;
  private long longestBefore;
  private long longestAfter;
  private boolean done;

  /**
   * The longest stalls, in milliseconds.
   *
   * @param beforeMillis before the fault: the pipeline's own pauses (pacing, commits), the baseline
   * @param afterMillis from the fault on, the gap spanning it included
   * @param counted whether the stream counted every expected record before the meter stopped
   */
  record Stalls(long beforeMillis, long afterMillis, boolean counted) {}

  StallMeter(String streamUrl, long expected) {
    this.client = ApiCalls.client(streamUrl);
    this.expected = expected;
    poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Marks the fault: stalls ending from now on count as after it. */
  synchronized void fault() {
    faultNanos = System.nanoTime();
  }

  /** The stalls so far; the meter keeps polling until closed or every record is counted. */
  synchronized Stalls stalls() {
    return new Stalls(
        TimeUnit.NANOSECONDS.toMillis(longestBefore),
        TimeUnit.NANOSECONDS.toMillis(Math.max(longestAfter, openStallAfterFault())),
        done);
  }

  private long openStallAfterFault() {
    return faultNanos < 0 || done ? 0 : System.nanoTime() - lastGrowthNanos;
  }

  private void poll() {
    long records;
    try {
      records = client.progress(ApiCalls.REQUEST).records();
    } catch (ApiException e) {
      // No answer: no growth seen; the next poll tries again.
      return;
    } catch (InterruptedException e) {
      // Closed while asking.
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (this) {
      if (done || records <= lastRecords) {
        return;
      }
      long now = System.nanoTime();
      // From the first record counted on: the wait for the replay to begin is no stall.
      if (lastRecords > 0) {
        long gap = now - lastGrowthNanos;
        if (faultNanos >= 0) {
          longestAfter = Math.max(longestAfter, gap);
        } else {
          longestBefore = Math.max(longestBefore, gap);
        }
      }
      lastRecords = records;
      lastGrowthNanos = now;
      done = records >= expected;
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
