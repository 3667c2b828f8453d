package io.flowrank.producer;

import io.flowrank.core.rules.RejectReason;
import java.time.Duration;
import java.util.Map;

/**
 * One file committed: what its transaction held and how long it took.
 *
 * @param file the batch name
 * @param records lines sent to {@code flows}
 * @param frames the {@code flows} records that carried them
 * @param rejected lines sent to {@code flows-rejected}, by reason
 * @param bytes the file's size in bytes
 * @param elapsed from the start of the transaction to its commit
 */
public record FileReport(
    String file, long records, long frames, Map<RejectReason, Long> rejected, long bytes, Duration elapsed) {

  public FileReport {
    rejected = rejected == null ? Map.of() : Map.copyOf(rejected);
  }

  /** All rejected lines, whatever the reason. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
