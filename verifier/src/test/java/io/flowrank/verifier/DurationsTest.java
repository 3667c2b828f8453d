package io.flowrank.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesShortForms() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse(" 2H ")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void parsesIso8601() {
    assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsNonsenseAndNegatives() {
    for (String bad : new String[] {"", "ten minutes", "-5s", "PT-1S", "5 days", "P"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a duration");
    }
  }

  @Test
  void formatsShortly() {
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(2500))).isEqualTo("2.5s");
    assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
  }
}
