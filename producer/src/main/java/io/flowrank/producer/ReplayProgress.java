package io.flowrank.producer;

import java.time.Duration;

/**
 * Where a replay stands.
 *
 * @param filesDone sources skipped or sent whole so far
 * @param filesTotal every input source
 * @param records records this run sent to {@code flows} and committed
 * @param rejected lines this run sent to {@code flows-rejected} and committed
 * @param elapsed since the first batch started (the time spent connecting is not counted)
 * @param batches batches this run committed
 * @param bytesRead bytes of the input read so far, as on disk (compressed or not)
 * @param bytesTotal the input's size on disk; -1 when unknown (standard input)
 */
public record ReplayProgress(
    int filesDone,
    int filesTotal,
    long records,
    long rejected,
    Duration elapsed,
    int batches,
    long bytesRead,
    long bytesTotal) {

  /** Progress counted in whole files, each one batch, the input's size unknown. */
  public ReplayProgress(
      int filesDone, int filesTotal, long records, long rejected, Duration elapsed) {
    this(filesDone, filesTotal, records, rejected, elapsed, filesDone, 0, -1);
  }

  /** Committed records per second of this run; 0 before any time has passed. */
  public double recordsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : records * 1e9 / nanos;
  }

  /** The share of the input read, 0 to 100; -1 when the input's size is unknown. */
  public double percentRead() {
    return bytesTotal <= 0 ? -1 : Math.min(100, 100.0 * bytesRead / bytesTotal);
  }
}
