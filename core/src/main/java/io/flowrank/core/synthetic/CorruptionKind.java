package io.flowrank.core.synthetic;

import io.flowrank.core.rules.RejectReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of corrupt row the generator writes (docs/design.md §8), each with what the rules of docs/design.md §1
 * make of it: rejected with a reason, accepted as a well-formed record (a web flow when its dstport
 * is 80 or 443), or skipped as blank, no record at all.
 *
 * <p>The generator draws a corrupt row into one of five slots, named after the JSON-lines kinds,
 * which came first; each format makes its own kind of each slot (the CSV makes two of the text
 * slot), so the same rows are corrupt in every format and the web flows are the same: {@link
 * #of(OutputFormat)} lists a format's kinds. Corrupt JSON array elements leave the array
 * well-formed; a corrupt CSV row is malformed only in the way its kind says, so its reason is the
 * same whatever order a reader checks the rules in.
 */
public enum CorruptionKind {
  /**
   * JSON lines: a valid line cut in the middle (also what the text slot writes as the first line of
   * a file, where text would make the file CSV): rejected as {@link RejectReason#NOT_JSON}.
   */
  TRUNCATED_JSON(RejectReason.NOT_JSON, true),
  /**
   * JSON lines: plain text, such as a log message or a raw CSV row: rejected as {@link
   * RejectReason#NOT_JSON}.
   */
  NOT_JSON(RejectReason.NOT_JSON, true),
  /**
   * JSON lines and JSON array: a record without its dstdevice: rejected as {@link
   * RejectReason#MISSING_DSTDEVICE}.
   */
  MISSING_DSTDEVICE(RejectReason.MISSING_DSTDEVICE, true),
  /**
   * JSON lines and JSON array: a record whose dstport is a JSON number ({@code "dstport": 443}):
   * well-formed, not rejected.
   */
  NUMERIC_DSTPORT(null, true),
  /**
   * Every format: an empty line, skipped by the rules, neither a record nor a rejection (in a JSON
   * array, a blank line between two elements).
   */
  EMPTY_LINE(null, false),
  /**
   * JSON array: an element that is an array, the flow's values without their names: rejected as
   * {@link RejectReason#NOT_AN_OBJECT}.
   */
  ARRAY_ELEMENT(RejectReason.NOT_AN_OBJECT, true),
  /**
   * JSON array: an element that is a string, plain text such as a log message: rejected as {@link
   * RejectReason#NOT_AN_OBJECT}.
   */
  STRING_ELEMENT(RejectReason.NOT_AN_OBJECT, true),
  /**
   * CSV: a row cut after one to ten of its fields, or with a twelfth: rejected as {@link
   * RejectReason#FIELD_COUNT}.
   */
  WRONG_FIELD_COUNT(RejectReason.FIELD_COUNT, true),
  /**
   * CSV: eleven fields, the fourth (dstdevice) empty: rejected as {@link
   * RejectReason#EMPTY_DSTDEVICE}.
   */
  EMPTY_DSTDEVICE(RejectReason.EMPTY_DSTDEVICE, true),
  /**
   * CSV: eleven fields whose last opens a quote it never closes ({@code ...,3549,"0}): rejected as
   * {@link RejectReason#UNBALANCED_QUOTES}.
   */
  UNBALANCED_QUOTES(RejectReason.UNBALANCED_QUOTES, true),
  /**
   * CSV: eleven fields, bytes that are not UTF-8 inside the dstdevice: rejected as {@link
   * RejectReason#INVALID_UTF8}.
   */
  INVALID_UTF8(RejectReason.INVALID_UTF8, true),
  /**
   * CSV: dstdevice and dstport quoted by RFC 4180 ({@code "Comp275646",...,"443"}): well-formed,
   * the quotes are not part of the values.
   */
  QUOTED_FIELDS(null, true);

  private static final Set<CorruptionKind> JSONL =
      Collections.unmodifiableSet(
          EnumSet.of(TRUNCATED_JSON, NOT_JSON, MISSING_DSTDEVICE, NUMERIC_DSTPORT, EMPTY_LINE));
  private static final Set<CorruptionKind> JSON_ARRAY =
      Collections.unmodifiableSet(
          EnumSet.of(ARRAY_ELEMENT, STRING_ELEMENT, MISSING_DSTDEVICE, NUMERIC_DSTPORT, EMPTY_LINE));
  private static final Set<CorruptionKind> CSV =
      Collections.unmodifiableSet(
          EnumSet.of(
              WRONG_FIELD_COUNT,
              EMPTY_DSTDEVICE,
              UNBALANCED_QUOTES,
              INVALID_UTF8,
              QUOTED_FIELDS,
              EMPTY_LINE));

  private final RejectReason rejectReason;
  private final boolean record;

  CorruptionKind(RejectReason rejectReason, boolean record) {
    this.rejectReason = rejectReason;
    this.record = record;
  }

  /** The reason the rules reject such a row with, or empty when they accept or skip it. */
  public Optional<RejectReason> rejectReason() {
    return Optional.ofNullable(rejectReason);
  }

  /** False for lines the rules skip as blank: they are not counted as records. */
  public boolean isRecord() {
    return record;
  }

  /** The kinds the generator writes in {@code format}. */
  public static Set<CorruptionKind> of(OutputFormat format) {
    switch (format) {
      case JSONL:
        return JSONL;
      case JSON_ARRAY:
        return JSON_ARRAY;
      case CSV:
        return CSV;
      default:
        throw new IllegalStateException("unknown format " + format);
    }
  }
}
