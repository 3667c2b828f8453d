package io.flowrank.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

  /** What a client refuses to start with, as the clients throw it (no broker needed). */
  private static Throwable failureOf(Runnable start) {
    try {
      start.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the client started");
  }

  @Test
  void aMalformedJaasConfigIsNamedNotTakenForAnUnreachableCluster() {
    Properties props = new Properties();
    props.put("bootstrap.servers", "127.0.0.1:1");
    props.put("security.protocol", "SASL_PLAINTEXT");
    props.put("sasl.mechanism", "PLAIN");
    // No closing semicolon.
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret\"");

    Throwable failure = failureOf(() -> Admin.create(props).close());

    assertThat(KafkaClientConfig.problem(failure))
        .hasValueSatisfying(
            problem -> assertThat(problem).startsWith("sasl.jaas.config: ").doesNotContain("s3cret"));
  }

  @Test
  void aPropertyOfTheWrongTypeIsNamed() {
    Properties props = new Properties();
    props.put("bootstrap.servers", "127.0.0.1:1");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("linger.ms", "soon");

    Throwable failure = failureOf(() -> new KafkaProducer<byte[], byte[]>(props).close());

    assertThat(KafkaClientConfig.problem(failure))
        .hasValueSatisfying(problem -> assertThat(problem).contains("linger.ms", "soon"));
  }

  @Test
  void otherFailuresAreNotTheConfigurations() {
    assertThat(KafkaClientConfig.problem(new IllegalStateException("cannot reach the cluster")))
        .isEmpty();
    assertThat(KafkaClientConfig.problem(new IllegalArgumentException("a bad --data path")))
        .isEmpty();
  }
}
