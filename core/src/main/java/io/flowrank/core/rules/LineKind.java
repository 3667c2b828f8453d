package io.flowrank.core.rules;

/** What one input line is, under the rules of docs/design.md §1.3. */
public enum LineKind {
  /** Empty or whitespace-only: skipped, not a record. */
  BLANK,
  /** A well-formed record whose {@code dstport} is a web port: counted for its dstdevice. */
  WEB_FLOW,
  /** A well-formed record to another port: a record, not counted. */
  OTHER_FLOW,
  /** Malformed: sent to the rejected topic with a {@link RejectReason} and counted. */
  REJECTED
}
