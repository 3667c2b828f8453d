package io.flowrank.core.evidence;

import java.math.BigInteger;

/**
 * A sum of byte counts, exact: an unsigned 128-bit number (each value added is below 2^63, so 2^64
 * of them still fit). A device's bytes rarely pass 2^63, but hostile lines can make them, and a
 * sum that wraps or stops would differ from the batch count.
 */
public record Total(long high, long low) implements Comparable<Total> {

  public static final Total ZERO = new Total(0, 0);

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  public static Total of(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a total is never negative: " + value);
    }
    return new Total(0, value);
  }

  /** This plus {@code value} (0 ≤ value). */
  public Total plus(long value) {
    long sum = low + value;
    return new Total(Long.compareUnsigned(sum, low) < 0 ? high + 1 : high, sum);
  }

  public Total plus(Total other) {
    return plus(other.high, other.low);
  }

  /** This plus the unsigned 128-bit number {@code otherHigh:otherLow}; no new total for zero. */
  public Total plus(long otherHigh, long otherLow) {
    if (otherHigh == 0 && otherLow == 0) {
      return this;
    }
    long sum = low + otherLow;
    long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
    return new Total(high + otherHigh + carry, sum);
  }

  /** This minus {@code other}, which is not larger. */
  public Total minus(Total other) {
    long difference = low - other.low;
    long borrow = Long.compareUnsigned(low, other.low) < 0 ? 1 : 0;
    return new Total(high - other.high - borrow, difference);
  }

  /** The value, or {@link Long#MAX_VALUE} when it is larger: what rankings order by. */
  public long saturated() {
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }

  public boolean isZero() {
    return high == 0 && low == 0;
  }

  public BigInteger toBigInteger() {
    BigInteger low = BigInteger.valueOf(this.low);
    if (this.low < 0) {
      low = low.add(TWO_64);
    }
    return high == 0 ? low : BigInteger.valueOf(high).shiftLeft(64).add(low);
  }

  public static Total of(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 128) {
      throw new IllegalArgumentException("not a total: " + value);
    }
    return new Total(value.shiftRight(64).longValue(), value.longValue());
  }

  @Override
  public int compareTo(Total other) {
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  @Override
  public String toString() {
    return toBigInteger().toString();
  }
}
