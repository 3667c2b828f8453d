package io.flowrank.producer;

import java.time.Duration;

/**
 * What one replay did.
 *
 * @param filesCommitted sources this run committed to their end (whole, or the rest of them)
 * @param filesSkipped sources skipped because an earlier run committed them
 * @param records records sent to {@code flows} by this run
 * @param rejected lines this run sent to {@code flows-rejected} (too large for the broker)
 * @param elapsed the time the run took
 * @param batchesCommitted batches this run committed (a source longer than {@code --rows-per-batch}
 *     lines is several)
 */
public record ReplayResult(
    int filesCommitted,
    int filesSkipped,
    long records,
    long rejected,
    Duration elapsed,
    int batchesCommitted) {

  /** A run whose every source was one batch. */
  public ReplayResult(
      int filesCommitted, int filesSkipped, long records, long rejected, Duration elapsed) {
    this(filesCommitted, filesSkipped, records, rejected, elapsed, filesCommitted);
  }
}
