package io.flowrank.streams.monitoring;

import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.query.NotReadyException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The replay log ({@link ReplayLog}), read incrementally (read_committed) each time progress is
 * asked for: how many sources and batches the producer committed, and the lines it rejected itself
 * (too large).
 */
final class ReplayLogView implements AutoCloseable {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaConsumer<String, String> consumer;
  private final ReplayLog log = new ReplayLog(true);

  ReplayLogView(Properties clientConfig) {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    log.start(consumer);
  }

  /** Reads what was committed since the last call; returns what is committed so far. */
  synchronized Snapshot refresh() {
    try {
      log.catchUp(consumer, READ_TIMEOUT);
    } catch (KafkaException e) {
      throw new NotReadyException("cannot read the replay log: " + e.getMessage());
    }
    return new Snapshot(log.sourcesCompleted(), log.batches(), log.rejectedByProducer());
  }

  @Override
  public synchronized void close() {
    consumer.close(READ_TIMEOUT);
  }

  /**
   * What the replay log holds: sources committed to their end (a file, or every batch of a longer
   * one), batches, and the lines the producer rejected in them.
   */
  record Snapshot(
      int filesCommitted, int batchesCommitted, Map<RejectReason, Long> rejectedByProducer) {}
}
