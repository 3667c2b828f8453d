package io.flowrank.core.rules;

/**
 * Why a record was rejected. The names are stable: they travel in the {@code flowrank.reason}
 * header of {@code flows-rejected} and key the {@code rejectedByReason} figures of the API and the
 * verifier.
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
  TOO_LARGE
}
