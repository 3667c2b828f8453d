package io.flowrank.core.batch;

import io.flowrank.core.rules.RejectReason;
import java.util.Map;

/**
 * The one-shot count over a set of input files: web flows per dstdevice, and the figures of the run.
 *
 * @param counts web flows per dstdevice
 * @param files how many files were read
 * @param records non-blank lines read (well-formed and rejected alike)
 * @param webFlows records counted as web flows
 * @param rejected rejected records per reason
 */
public record BatchCount(
    Map<String, Long> counts,
    int files,
    long records,
    long webFlows,
    Map<RejectReason, Long> rejected) {

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
