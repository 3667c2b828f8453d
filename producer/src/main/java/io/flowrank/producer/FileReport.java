package io.flowrank.producer;

import io.flowrank.core.rules.RejectReason;
import java.time.Duration;
import java.util.Map;

/**
 * One batch committed (a whole file, or a run of {@code --rows-per-batch} lines of a longer one):
 * what its transaction held and how long it took.
 *
 * @param file the batch name: the file's name, or {@code name#k} for batch k of a longer source
 * @param records lines sent to {@code flows}
 * @param frames the {@code flows} records that carried them
 * @param rejected lines sent to {@code flows-rejected}, by reason
 * @param bytes the bytes the batch sent to {@code flows}: its frames' values, one after the other
 *     (the {@code bytes} of its replay-log record), not the size of the file
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
