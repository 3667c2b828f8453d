package io.flowrank.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientConfigTest {

  @Test
  void overridesWinAndSecretsAreHidden() {
    Properties base = new Properties();
    base.put("bootstrap.servers", "a:1");
    base.put("acks", "all");
    Properties user = new Properties();
    user.put("bootstrap.servers", "b:2");
    user.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";");
    user.put("ssl.truststore.password", "s3cret");

    Properties merged = KafkaClientConfig.merge(base, user);

    assertThat(merged.getProperty("bootstrap.servers")).isEqualTo("b:2");
    assertThat(merged.getProperty("acks")).isEqualTo("all");
    assertThat(KafkaClientConfig.redacted(merged).toString()).doesNotContain("s3cret").contains("[hidden]");
  }

  @Test
  void replayLogEntriesRoundTrip() {
    ReplayLogEntry entry = new ReplayLogEntry("time_01.json", 10, 1, 2000, "ab12",
        java.util.Map.of(io.flowrank.core.rules.RejectReason.TOO_LARGE, 1L));
    assertThat(ReplayLogEntry.fromJson(entry.toJson())).isEqualTo(entry);
  }
}
