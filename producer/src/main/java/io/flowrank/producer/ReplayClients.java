package io.flowrank.producer;

import io.flowrank.core.kafka.TopicSetup;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The Kafka clients a replay opens. {@link #of} makes the real ones from the settings; tests hand
 * in Kafka's {@code MockProducer} and {@code MockConsumer} instead, so the replay needs no broker.
 */
interface ReplayClients {

  /**
   * Creates the topics of flowrank that are missing.
   *
   * @throws ExecutionException when the cluster refuses (its cause says why)
   * @throws org.apache.kafka.common.KafkaException when the cluster cannot be reached
   */
  void ensureTopics() throws InterruptedException, ExecutionException;

  /** A new transactional producer; {@code initTransactions} is the caller's. */
  Producer<byte[], byte[]> transactionalProducer();

  /** A new {@code read_committed} consumer for the replay log, String keys and values. */
  Consumer<String, String> replayLogConsumer();

  /** The clients of {@code settings}: properties built there, the user's {@code --config} last. */
  static ReplayClients of(ProducerSettings settings) {
    return new ReplayClients() {
      @Override
      public void ensureTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(settings.adminProperties())) {
          TopicSetup.ensureTopics(admin, settings.partitions());
        }
      }

      @Override
      public Producer<byte[], byte[]> transactionalProducer() {
        return new KafkaProducer<>(settings.producerProperties());
      }

      @Override
      public Consumer<String, String> replayLogConsumer() {
        return new KafkaConsumer<>(settings.replayLogConsumerProperties());
      }
    };
  }
}
