package io.flowrank.core.rules;

/**
 * The numbers of the evidence fields (docs/design.md §1.5): a value counts when it is 0 ≤ v < 2^63,
 * written as decimal digits (a JSON string or a CSV field) or as a JSON integer; anything else is
 * {@link FlowFields#ABSENT}.
 */
final class Numerals {

  private Numerals() {}

  /** {@code b[start, end)} as one or more ASCII digits (leading zeros allowed), else ABSENT. */
  static long digits(byte[] b, int start, int end) {
    if (start >= end) {
      return FlowFields.ABSENT;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return FlowFields.ABSENT;
      }
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return FlowFields.ABSENT; // 2^63 or more
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** A decoded string of one or more ASCII digits, else ABSENT. */
  static long digits(String text) {
    if (text.isEmpty()) {
      return FlowFields.ABSENT;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return FlowFields.ABSENT;
      }
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return FlowFields.ABSENT;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /**
   * A JSON number token already checked to be well-formed: its value when it is an integer (no
   * fraction, no exponent) 0 ≤ v < 2^63 ({@code -0} is 0), else ABSENT.
   */
  static long jsonInteger(byte[] b, int start, int end) {
    if (b[start] != '-') {
      return digits(b, start, end); // a fraction or an exponent is not a digit
    }
    return digits(b, start + 1, end) == 0 ? 0 : FlowFields.ABSENT;
  }
}
