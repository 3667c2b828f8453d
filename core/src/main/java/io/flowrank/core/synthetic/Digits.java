package io.flowrank.core.synthetic;

/**
 * Decimal digits written straight into a char buffer: the generator formats millions of numbers.
 */
final class Digits {

  private Digits() {}

  /** Writes a non-negative {@code value} at {@code pos}; returns the position after it. */
  static int plain(long value, char[] out, int pos) {
    int width = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      width++;
    }
    return padded(value, width, out, pos);
  }

  /** Writes a non-negative {@code value} in {@code width} digits, zero-padded (never cut). */
  static int padded(long value, int width, char[] out, int pos) {
    int end = pos + width;
    long rest = value;
    for (int i = end - 1; i >= pos; i--) {
      out[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
    if (rest != 0) {
      throw new IllegalArgumentException(value + " has more than " + width + " digits");
    }
    return end;
  }
}
