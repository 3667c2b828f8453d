package io.flowrank.core.batch;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.rules.RejectReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one-shot count over a set of input files: every device's evidence, and the figures of the
 * run.
 *
 * @param evidence per dstdevice, the evidence of its web flows
 * @param files how many files were read
 * @param records non-blank lines read (well-formed and rejected alike)
 * @param webFlows records counted as web flows
 * @param rejected rejected records per reason
 * @param incomplete web flows per numeric field they lack (every field, zeros included)
 * @param windows the same per window of data time, when asked for
 */
public record BatchCount(
    Map<String, Evidence> evidence,
    int files,
    long records,
    long webFlows,
    Map<RejectReason, Long> rejected,
    Map<NumericField, Long> incomplete,
    Optional<BatchWindows> windows) {

  public BatchCount {
    windows = windows == null ? Optional.empty() : windows;
  }

  /** A count of all time alone. */
  public BatchCount(
      Map<String, Evidence> evidence,
      int files,
      long records,
      long webFlows,
      Map<RejectReason, Long> rejected,
      Map<NumericField, Long> incomplete) {
    this(evidence, files, records, webFlows, rejected, incomplete, Optional.empty());
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Web flows per dstdevice. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new HashMap<>(evidence.size() * 2);
    evidence.forEach((device, e) -> counts.put(device, e.count()));
    return counts;
  }
}
