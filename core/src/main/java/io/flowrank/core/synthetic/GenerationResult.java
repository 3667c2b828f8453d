package io.flowrank.core.synthetic;

import io.flowrank.core.rules.RejectReason;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the generator wrote. The figures are exact, so a batch count over the files must
 * find {@link #records()} records, {@link #webFlows()} web flows and {@link #expectedRejected()}
 * rejections with the default web ports, under the rules of the format written (docs/design.md §1).
 *
 * @param files the files written, in order
 * @param rows rows written over all files, the header record and every corrupt row included: lines
 *     of JSON lines or CSV, elements and blank lines of a JSON array
 * @param webFlows well-formed records to dstport 80 or 443 (numeric dstports and quoted CSV fields
 *     included); the same in every format for the same settings
 * @param corrupt corrupt rows per kind, every kind present (kinds of other formats at 0)
 * @param bytes bytes written over all files, as stored (compressed when compressed)
 * @param lateStarters the devices that start serving partway through, each with the data time it
 *     starts at: before it, nothing answers them (docs/design.md, "Synthetic data")
 */
public record GenerationResult(
    List<Path> files,
    long rows,
    long webFlows,
    Map<CorruptionKind, Long> corrupt,
    long bytes,
    Map<String, Long> lateStarters) {

  public GenerationResult {
    files = List.copyOf(files);
    lateStarters = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lateStarters));
    Map<CorruptionKind, Long> all = new EnumMap<>(CorruptionKind.class);
    for (CorruptionKind kind : CorruptionKind.values()) {
      all.put(kind, corrupt.getOrDefault(kind, 0L));
    }
    corrupt = Collections.unmodifiableMap(all);
  }

  public int filesWritten() {
    return files.size();
  }

  /** Corrupt rows of every kind. */
  public long corruptLines() {
    return corrupt.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rows that are not blank: what a batch count reports as records. */
  public long records() {
    return rows - corrupt.get(CorruptionKind.EMPTY_LINE);
  }

  /** The rejections the rules of docs/design.md §1 must report, per reason (only reasons that occur). */
  public Map<RejectReason, Long> expectedRejected() {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    corrupt.forEach(
        (kind, n) -> {
          if (n > 0) {
            kind.rejectReason().ifPresent(reason -> byReason.merge(reason, n, Long::sum));
          }
        });
    return Collections.unmodifiableMap(byReason);
  }

  /** Rows the rules reject, over all reasons. */
  public long rejectedLines() {
    return expectedRejected().values().stream().mapToLong(Long::longValue).sum();
  }
}
