package io.flowrank.producer;

import java.time.Duration;

/**
 * Where a replay stands.
 *
 * @param filesDone files skipped or committed so far
 * @param filesTotal every input file
 * @param records records this run sent to {@code flows} and committed
 * @param rejected lines this run sent to {@code flows-rejected} and committed
 * @param elapsed since the first file started (the time spent connecting is not counted)
 */
public record ReplayProgress(
    int filesDone, int filesTotal, long records, long rejected, Duration elapsed) {

  /** Committed records per second of this run; 0 before any time has passed. */
  public double recordsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : records * 1e9 / nanos;
  }
}
