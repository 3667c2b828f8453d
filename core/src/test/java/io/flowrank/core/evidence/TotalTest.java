package io.flowrank.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TotalTest {

  @Test
  void sumsPastTwoToThe64Exactly() {
    Total total = Total.ZERO;
    BigInteger expected = BigInteger.ZERO;
    for (int i = 0; i < 5; i++) {
      total = total.plus(Long.MAX_VALUE);
      expected = expected.add(BigInteger.valueOf(Long.MAX_VALUE));
    }
    assertThat(total.toBigInteger()).isEqualTo(expected);
    assertThat(total.saturated()).isEqualTo(Long.MAX_VALUE);
    assertThat(Total.of(expected)).isEqualTo(total);
  }

  @Test
  void addsSubtractsAndComparesAsBigIntegersDo() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      BigInteger a = new BigInteger(100, new java.util.Random(random.nextLong()));
      BigInteger b = new BigInteger(100, new java.util.Random(random.nextLong()));
      Total ta = Total.of(a);
      Total tb = Total.of(b);
      assertThat(ta.plus(tb).toBigInteger()).isEqualTo(a.add(b));
      assertThat(Integer.signum(ta.compareTo(tb))).isEqualTo(a.compareTo(b));
      BigInteger big = a.max(b);
      BigInteger small = a.min(b);
      assertThat(Total.of(big).minus(Total.of(small)).toBigInteger()).isEqualTo(big.subtract(small));
    }
    assertThat(Total.of(5).saturated()).isEqualTo(5);
    assertThat(Total.ZERO.isZero()).isTrue();
  }

  @Test
  void addsHalvesWithTheirCarriesAsBigIntegersDo() {
    SplittableRandom random = new SplittableRandom(7);
    BigInteger twoTo64 = BigInteger.ONE.shiftLeft(64);
    for (int i = 0; i < 10_000; i++) {
      // Low halves near 2^64 half the time, so carries and borrows happen often.
      BigInteger a = total(random, twoTo64);
      BigInteger b = total(random, twoTo64);
      Total tb = Total.of(b);
      assertThat(Total.of(a).plus(tb.high(), tb.low()).toBigInteger()).isEqualTo(a.add(b));
    }
    Total same = Total.of(42);
    assertThat(same.plus(0, 0)).isSameAs(same);
  }

  private static BigInteger total(SplittableRandom random, BigInteger twoTo64) {
    BigInteger high = BigInteger.valueOf(random.nextInt(1 << 20));
    BigInteger low =
        random.nextBoolean()
            ? twoTo64.subtract(BigInteger.valueOf(1 + random.nextInt(1000)))
            : BigInteger.valueOf(random.nextLong(Long.MAX_VALUE));
    return high.shiftLeft(64).add(low);
  }
}
