package io.flowrank.it;

import io.flowrank.cli.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A running Kafka cluster for one test, and the two kinds the scenarios run on. Each is fresh and
 * empty (no flowrank topic, no transactional state): scenarios sharing one would mix their data,
 * because the topic names and the replay log are fixed by the contract.
 *
 * @param bootstrapServers its bootstrap address
 * @param stopper stops it and frees what it holds
 * @param embeddedBroker the broker when it runs in this JVM, for tests that stop and restart it
 */
record TestKafka(
    String bootstrapServers, AutoCloseable stopper, Optional<EmbeddedKafkaBroker> embeddedBroker) {

  /** The official image, the version of the Kafka clients and of docker-compose.yml. */
  static final String KAFKA_IMAGE = "apache/kafka:4.3.2";

  /**
   * The embedded KRaft broker of {@code ./flowrank broker} and {@code ./flowrank demo}, with a
   * temporary data folder deleted when it stops. It starts in one to two seconds, so a broker per
   * test costs little.
   */
  static TestKafka embedded() throws IOException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
    return new TestKafka(broker.bootstrapServers(), broker::close, Optional.of(broker));
  }

  /**
   * A single-node Kafka in a Docker container. Testcontainers sets the single-node values already;
   * they are set here again because exactly-once depends on them: a transaction state log or
   * offsets topic asking for three replicas would leave every transactional producer waiting.
   */
  static TestKafka inContainer() {
    KafkaContainer kafka =
        new KafkaContainer(KAFKA_IMAGE)
            .withEnv(
                Map.of(
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
                    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
                    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"));
    kafka.start();
    return new TestKafka(kafka.getBootstrapServers(), kafka::stop, Optional.empty());
  }
}
