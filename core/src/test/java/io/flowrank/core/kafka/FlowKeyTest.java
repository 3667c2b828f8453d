package io.flowrank.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowKeyTest {

  @Test
  void encodesFileAndLine() {
    byte[] key = FlowKey.encode(FlowKey.prefix("time_07.json"), 42);
    assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("time_07.json:42");
  }

  @Test
  void roundTripsAnyLineAndAnyFileName() {
    for (long line : new long[] {1, 9, 10, 99, 100, 123_456_789, Long.MAX_VALUE / 10}) {
      byte[] key = FlowKey.encode(FlowKey.prefix("dir/a:b é.json"), line);
      assertThat(FlowKey.decode(key)).contains(new FlowKey.Source("dir/a:b é.json", line));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "no-separator", ":12", "file:", "file:12x", "file:0", "file:-3"})
  void anyOtherKeyNamesNoSource(String key) {
    assertThat(FlowKey.decode(key.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void aNullKeyNamesNoSource() {
    assertThat(FlowKey.decode(null)).isEmpty();
  }

  @Test
  void linesAreNumberedFromOne() {
    assertThatThrownBy(() -> FlowKey.encode(FlowKey.prefix("f"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
