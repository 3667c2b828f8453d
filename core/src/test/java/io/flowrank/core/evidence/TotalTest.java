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
}
