package io.flowrank.core.rules;

/**
 * Why a record was rejected. The names are stable: they travel in the {@code flowrank.reason}
 * header of {@code flows-rejected} and key the {@code rejectedByReason} figures of the API and the
 * verifier. JSON records (lines and array elements) get the JSON reasons, CSV rows the CSV ones
 * ({@link CsvFlowParser}); {@link #INVALID_UTF8} and {@link #TOO_LARGE} are shared.
 */
public enum RejectReason {
  /** Not valid JSON: truncated, plain text, control characters, trailing data. */
  NOT_JSON,
  /** Bytes that are not valid UTF-8. */
  INVALID_UTF8,
  /** Valid JSON, but not an object (an array, a string, a number...). */
  NOT_AN_OBJECT,
  /** JSON nested deeper than the parser allows. */
  TOO_DEEP,
  /** No {@code dstdevice} field. */
  MISSING_DSTDEVICE,
  /** {@code dstdevice} is not a non-empty string (null, number, boolean, empty...). */
  INVALID_DSTDEVICE,
  /** No {@code dstport} field. */
  MISSING_DSTPORT,
  /** {@code dstport} is neither a string nor an integer (null, float, boolean, object...). */
  INVALID_DSTPORT,
  /** Larger than the broker accepts; sent to the rejected topic cut to its first 64 KiB. */
  TOO_LARGE,
  /** A CSV row without exactly the 11 LANL fields. */
  FIELD_COUNT,
  /** A CSV row whose {@code dstdevice} (field 4) is empty. */
  EMPTY_DSTDEVICE,
  /**
   * A CSV row with a quote out of place: a quoted field not closed by the end of the line, a quote
   * inside an unquoted field, or text after a field's closing quote.
   */
  UNBALANCED_QUOTES
}
