package io.flowrank.producer;

import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.TopicSetup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The Kafka clients a replay opens. {@link #of} makes the real ones from the settings (one admin
 * client for the start-up, closed by {@link #close()}); tests hand in Kafka's {@code MockProducer}
 * and {@code MockConsumer} instead, so the replay needs no broker.
 */
interface ReplayClients extends AutoCloseable {

  /**
   * Creates the topics of flowrank that are missing.
   *
   * @throws ExecutionException when the cluster refuses (its cause says why)
   * @throws KafkaException when the cluster cannot be reached
   */
  void ensureTopics() throws InterruptedException, ExecutionException;

  /** A new producer with {@code transactionalId}; {@code initTransactions} is the caller's. */
  Producer<byte[], byte[]> transactionalProducer(String transactionalId);

  /** A new {@code read_committed} consumer for the replay log, String keys and values. */
  Consumer<String, String> replayLogConsumer();

  /**
   * The replay log's high watermark now: its end for a {@code read_uncommitted} reader, past any
   * transaction still open on it (another producer's).
   *
   * @throws KafkaException when the cluster refuses or does not answer within {@code timeout}
   */
  long replayLogEnd(Duration timeout) throws InterruptedException;

  /** Closes the admin client of the start-up; not the producers and consumers handed out. */
  @Override
  default void close() {}

  /** The clients of {@code settings}: properties built there, the user's {@code --config} last. */
  static ReplayClients of(ProducerSettings settings) {
    return new ReplayClients() {
      private Admin admin;

      @Override
      public void ensureTopics() throws InterruptedException, ExecutionException {
        TopicSetup.ensureTopics(admin(), settings.partitions());
      }

      @Override
      public Producer<byte[], byte[]> transactionalProducer(String transactionalId) {
        return new KafkaProducer<>(settings.producerProperties(transactionalId));
      }

      @Override
      public Consumer<String, String> replayLogConsumer() {
        return new KafkaConsumer<>(settings.replayLogConsumerProperties());
      }

      @Override
      public long replayLogEnd(Duration timeout) throws InterruptedException {
        try {
          return admin()
              .listOffsets(
                  Map.of(ReplayLog.PARTITION, OffsetSpec.latest()),
                  new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .partitionResult(ReplayLog.PARTITION)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .offset();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof KafkaException kafka
              ? kafka
              : new KafkaException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new TimeoutException("the end of the replay log was not known within " + timeout);
        }
      }

      @Override
      public synchronized void close() {
        if (admin != null) {
          admin.close();
          admin = null;
        }
      }

      private synchronized Admin admin() {
        if (admin == null) {
          admin = Admin.create(settings.adminProperties());
        }
        return admin;
      }
    };
  }
}
