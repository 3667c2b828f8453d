package io.flowrank.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebPortsTest {

  @Test
  void parsesACommaSeparatedList() {
    WebPorts ports = WebPorts.parse("443, 80,8080");
    assertThat(ports.asList()).containsExactly(80, 443, 8080);
    assertThat(ports.toString()).isEqualTo("80,443,8080");
    assertThat(ports.matchesString("8080")).isTrue();
    assertThat(ports.matchesInteger(443)).isTrue();
    assertThat(ports.matchesString("08080")).isFalse();
  }

  @Test
  void rejectsWhatIsNotAPortList() {
    assertThatThrownBy(() -> WebPorts.parse("80,abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebPorts.parse("70000")).hasMessageContaining("70000");
    assertThatThrownBy(() -> WebPorts.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
