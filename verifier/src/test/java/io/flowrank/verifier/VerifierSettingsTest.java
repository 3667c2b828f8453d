package io.flowrank.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.input.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerifierSettingsTest {

  private static final Path DATA = Path.of("data");
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:7070");

  @Test
  void defaultsAreTheCommandsDefaults() {
    VerifierSettings s = VerifierSettings.of(DATA, ENDPOINT);

    assertThat(s.top()).isEqualTo(20);
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.pollInterval()).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(s.maxRecordBytes()).isEqualTo(Limits.DEFAULT_MAX_RECORD_BYTES);
    assertThat(s.ports()).isEmpty();
  }

  @Test
  void topMustBeBetweenOneAndTenThousand() {
    VerifierSettings s = VerifierSettings.of(DATA, ENDPOINT);

    assertThat(s.withTop(1).top()).isEqualTo(1);
    assertThat(s.withTop(10_000).top()).isEqualTo(10_000);
    assertThatThrownBy(() -> s.withTop(0)).hasMessageContaining("top must be between 1 and 10000");
    assertThatThrownBy(() -> s.withTop(10_001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsMustMakeSense() {
    VerifierSettings s = VerifierSettings.of(DATA, ENDPOINT);

    assertThat(s.withTimeout(Duration.ZERO).timeout()).isZero();
    assertThatThrownBy(() -> s.withTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.withPollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesEndpointsAsUsersTypeThem() {
    assertThat(VerifierSettings.parseEndpoint("http://127.0.0.1:7070"))
        .isEqualTo(URI.create("http://127.0.0.1:7070"));
    assertThat(VerifierSettings.parseEndpoint("localhost:7070"))
        .isEqualTo(URI.create("http://localhost:7070"));
    assertThat(VerifierSettings.parseEndpoint("https://flowrank.example/base/"))
        .isEqualTo(URI.create("https://flowrank.example/base/"));
  }

  @Test
  void rejectsEndpointsThatAreNotBaseUrls() {
    for (String bad :
        new String[] {"ftp://host", "http://", "http://host:7070/?x=1", "not a url"}) {
      assertThatThrownBy(() -> VerifierSettings.parseEndpoint(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
