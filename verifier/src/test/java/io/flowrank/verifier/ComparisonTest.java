package io.flowrank.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.verifier.Comparison.Difference;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  @Test
  void equalTablesAreIdentical() {
    Comparison c = Comparison.of(Map.of("Comp1", 5L, "VPN", 2L), Map.of("VPN", 2L, "Comp1", 5L));

    assertThat(c.identical()).isTrue();
    assertThat(c.outcome()).isEqualTo(Outcome.IDENTICAL);
    assertThat(c.differences()).isEmpty();
    assertThat(c.devices()).isEqualTo(2);
    assertThat(c.batchTotal()).isEqualTo(7);
    assertThat(c.streamTotal()).isEqualTo(7);
  }

  @Test
  void aDifferingCountIsListed() {
    Comparison c = Comparison.of(Map.of("Comp1", 5L, "VPN", 2L), Map.of("Comp1", 4L, "VPN", 2L));

    assertThat(c.identical()).isFalse();
    assertThat(c.outcome()).isEqualTo(Outcome.DIFFERENT);
    assertThat(c.differences())
        .containsExactly(new Difference("Comp1", OptionalLong.of(5), OptionalLong.of(4)));
    assertThat(c.batchTotal()).isEqualTo(7);
    assertThat(c.streamTotal()).isEqualTo(6);
  }

  @Test
  void devicesOnOneSideOnlyAreDifferencesSortedByName() {
    Comparison c =
        Comparison.of(
            Map.of("Comp9", 1L, "Comp1", 3L, "ActiveDirectory", 2L),
            Map.of("Comp1", 3L, "Comp0", 0L, "Zeta", 8L));

    assertThat(c.differences())
        .containsExactly(
            new Difference("ActiveDirectory", OptionalLong.of(2), OptionalLong.empty()),
            new Difference("Comp0", OptionalLong.empty(), OptionalLong.of(0)),
            new Difference("Comp9", OptionalLong.of(1), OptionalLong.empty()),
            new Difference("Zeta", OptionalLong.empty(), OptionalLong.of(8)));
    assertThat(c.devices()).isEqualTo(5);
    assertThat(c.batchDevices()).isEqualTo(3);
    assertThat(c.streamDevices()).isEqualTo(3);
  }

  @Test
  void emptyTablesAreIdentical() {
    Comparison c = Comparison.of(Map.of(), Map.of());

    assertThat(c.identical()).isTrue();
    assertThat(c.devices()).isZero();
    assertThat(c.batchTotal()).isZero();
  }

  @Test
  void anEmptyStreamDiffersFromAFullBatch() {
    Comparison c = Comparison.of(Map.of("Comp1", 1L), Map.of());

    assertThat(c.outcome()).isEqualTo(Outcome.DIFFERENT);
    assertThat(c.differences()).extracting(Difference::dstdevice).containsExactly("Comp1");
    assertThat(c.streamTotal()).isZero();
  }

  @Test
  void countsAboveTheBoxCacheCompareByValue() {
    // Long values above 127 are distinct objects: the comparison must not use identity.
    Comparison c =
        Comparison.of(
            Map.of("Comp1", Long.valueOf(100_000L)), Map.of("Comp1", Long.valueOf(100_000L)));

    assertThat(c.identical()).isTrue();
  }
}
