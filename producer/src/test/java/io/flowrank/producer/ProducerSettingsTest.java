package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.TopicSetup;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

  private static final String SECRET = "s3cr3t-value";

  private final ProducerSettings defaults = ProducerSettings.of("broker:9092", Path.of("data"));

  private static ProducerSettings.Builder settings() {
    return ProducerSettings.builder("broker:9092", Path.of("data"));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(defaults.filesPerSecond()).isZero();
    assertThat(defaults.partitions()).isEqualTo(TopicSetup.DEFAULT_PARTITIONS);
    assertThat(defaults.transactionalId()).as("none given: derived from the input").isNull();
    assertThat(defaults.maxRecordBytes()).isEqualTo(Limits.DEFAULT_MAX_RECORD_BYTES);
    assertThat(defaults.clientConfig()).isEmpty();
    assertThat(defaults.linesPerRecord()).as("judged frames").isEqualTo(10_000);
  }

  @Test
  void framesOfTextKeepTheirOwnDefaultLinesPerRecordAndAnyFormTakesTheOneGiven() {
    assertThat(settings().frames(FlowFrame.Form.LINES).build().linesPerRecord()).isEqualTo(1_000);
    assertThat(settings().frames(FlowFrame.Form.LINES).linesPerRecord(7).build().linesPerRecord())
        .isEqualTo(7);
    assertThat(settings().linesPerRecord(1).build().linesPerRecord()).isEqualTo(1);
  }

  @Test
  void theBuilderPutsEachSettingInItsOwnField() {
    Properties user = new Properties();
    user.setProperty("client.id", "replayer");

    ProducerSettings settings =
        settings()
            .filesPerSecond(2.5)
            .partitions(7)
            .transactionalId("replay-9")
            .maxRecordBytes(1_001)
            .linesPerRecord(13)
            .clientConfig(user)
            .rowsPerBatch(17)
            .stdinName("day03")
            .build();

    assertThat(settings.bootstrapServers()).isEqualTo("broker:9092");
    assertThat(settings.data()).isEqualTo(Path.of("data"));
    assertThat(settings.filesPerSecond()).isEqualTo(2.5);
    assertThat(settings.partitions()).isEqualTo(7);
    assertThat(settings.transactionalId()).isEqualTo("replay-9");
    assertThat(settings.maxRecordBytes()).isEqualTo(1_001);
    assertThat(settings.linesPerRecord()).isEqualTo(13);
    assertThat(settings.clientConfig()).containsEntry("client.id", "replayer");
    assertThat(settings.rowsPerBatch()).isEqualTo(17);
    assertThat(settings.stdinName()).isEqualTo("day03");
    assertThat(settings().build()).isEqualTo(defaults);
  }

  @Test
  void producerPropertiesHoldTheTransactionalDefaultsAndTheCommandSettings() {
    Properties props = settings().build().producerProperties("replay-7");

    assertThat(props)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "replay-7")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "524288")
        .containsEntry(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, "true")
        .containsEntry(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
        .containsEntry(
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    assertThat(Integer.parseInt(props.getProperty(ProducerConfig.LINGER_MS_CONFIG)))
        .isBetween(10, 20);
  }

  @Test
  void theUsersConfigWinsOverDefaultsAndCommandSettings() {
    Properties user = new Properties();
    user.setProperty(ProducerConfig.LINGER_MS_CONFIG, "100");
    user.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    user.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "secure:9093");
    user.setProperty("security.protocol", "SASL_SSL");

    Properties props = settings().clientConfig(user).build().producerProperties("replay-1");

    assertThat(props)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "100")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "secure:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
  }

  @Test
  void theReplayLogIsAlwaysReadCommitted() {
    Properties user = new Properties();
    user.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    user.setProperty("security.protocol", "SSL");

    Properties props = settings().clientConfig(user).build().replayLogConsumerProperties();

    assertThat(props)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry("security.protocol", "SSL");
    assertThat(settings().clientConfig(user).build().adminProperties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
  }

  @Test
  void secretsNeverShowInWhatMayBeLogged() {
    Properties user = new Properties();
    user.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\""
            + SECRET
            + "\";");
    user.setProperty("ssl.truststore.password", SECRET);
    ProducerSettings settings = settings().clientConfig(user).build();

    assertThat(settings.producerProperties("replay-1"))
        .containsEntry("ssl.truststore.password", SECRET);
    assertThat(settings.loggableProducerProperties("replay-1"))
        .containsEntry("ssl.truststore.password", "[hidden]")
        .containsEntry("sasl.jaas.config", "[hidden]")
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
    assertThat(settings.loggableProducerProperties("replay-1").toString()).doesNotContain(SECRET);
    assertThat(settings.toString()).doesNotContain(SECRET).contains("broker:9092");
  }

  @Test
  void theClientConfigCannotBeChangedFromOutside() {
    Properties user = new Properties();
    user.setProperty("client.id", "a");
    ProducerSettings settings = settings().clientConfig(user).build();

    user.setProperty("client.id", "b");
    settings.clientConfig().setProperty("client.id", "c");

    assertThat(settings.producerProperties("replay-1")).containsEntry("client.id", "a");
  }

  @Test
  void rejectsMissingOrBlankText() {
    assertThatThrownBy(() -> ProducerSettings.of(" ", Path.of("data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap servers");
    assertThatThrownBy(() -> ProducerSettings.of(null, Path.of("data")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProducerSettings.of("b:9092", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> settings().transactionalId("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transactional id");
  }

  @Test
  void rejectsNumbersOutOfRange() {
    for (double rate : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> settings().filesPerSecond(rate).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("files per second");
    }
    assertThatThrownBy(() -> settings().partitions(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
    assertThatThrownBy(() -> settings().maxRecordBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max record bytes");
    assertThat(settings().filesPerSecond(0.5).build().filesPerSecond()).isEqualTo(0.5);
  }

  @Test
  void aNullClientConfigIsEmpty() {
    ProducerSettings settings = settings().clientConfig(null).build();

    assertThat(settings.clientConfig()).isEmpty();
    assertThat(settings.producerProperties("replay-1"))
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
  }
}
