package io.flowrank.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

  @Test
  void allowsAFewFailuresThenSaysTooMany() {
    StreamsApp.ThreadFailures failures = new StreamsApp.ThreadFailures(2, Duration.ofMinutes(5));
    assertThat(failures.tooMany()).isFalse();
    assertThat(failures.tooMany()).isFalse();
    assertThat(failures.tooMany()).isTrue();
  }

  @Test
  void forgetsFailuresOutsideTheWindow() {
    StreamsApp.ThreadFailures failures = new StreamsApp.ThreadFailures(1, Duration.ofSeconds(10));
    long t0 = 1_000_000_000L;
    assertThat(failures.tooMany(t0)).isFalse();
    assertThat(failures.tooMany(t0 + Duration.ofSeconds(11).toNanos())).isFalse();
    assertThat(failures.tooMany(t0 + Duration.ofSeconds(12).toNanos())).isTrue();
  }
}
