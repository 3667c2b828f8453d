package io.flowrank.core.synthetic;

import io.flowrank.core.rules.RejectReason;
import java.util.Optional;

/**
 * The kinds of corrupt line the generator writes (DESIGN §6), each with what the rules of DESIGN §1
 * make of it: three are rejected, a numeric dstport is a well-formed record (a web flow when it is
 * 80 or 443), an empty line is no record at all.
 */
public enum CorruptionKind {
  /** A valid line cut in the middle: rejected as {@link RejectReason#NOT_JSON}. */
  TRUNCATED_JSON(RejectReason.NOT_JSON, true),
  /**
   * Plain text, such as a log message or a raw CSV row: rejected as {@link RejectReason#NOT_JSON}.
   */
  NOT_JSON(RejectReason.NOT_JSON, true),
  /** A record without its dstdevice: rejected as {@link RejectReason#MISSING_DSTDEVICE}. */
  MISSING_DSTDEVICE(RejectReason.MISSING_DSTDEVICE, true),
  /**
   * A record whose dstport is a JSON number ({@code "dstport": 443}): well-formed, not rejected.
   */
  NUMERIC_DSTPORT(null, true),
  /** An empty line: skipped by the rules, neither a record nor a rejection. */
  EMPTY_LINE(null, false);

  private final RejectReason rejectReason;
  private final boolean record;

  CorruptionKind(RejectReason rejectReason, boolean record) {
    this.rejectReason = rejectReason;
    this.record = record;
  }

  /** The reason the rules reject such a line with, or empty when they accept or skip it. */
  public Optional<RejectReason> rejectReason() {
    return Optional.ofNullable(rejectReason);
  }

  /** False for lines the rules skip as blank: they are not counted as records. */
  public boolean isRecord() {
    return record;
  }
}
