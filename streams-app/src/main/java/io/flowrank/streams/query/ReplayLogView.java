package io.flowrank.streams.query;

import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.RejectReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed files of the replay log, read incrementally (read_committed) each time progress is
 * asked for: how many files the producer committed, and the lines it rejected itself (too large).
 */
final class ReplayLogView implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayLogView.class);
  private static final TopicPartition PARTITION = new TopicPartition(Topics.REPLAY_LOG.name(), 0);

  private final KafkaConsumer<String, String> consumer;
  private final Map<String, ReplayLogEntry> files = new HashMap<>();

  ReplayLogView(Properties clientConfig) {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(PARTITION));
    consumer.seekToBeginning(List.of(PARTITION));
  }

  /** Reads what was committed since the last call; returns the files committed so far. */
  synchronized Snapshot refresh() {
    long end = consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(5)).get(PARTITION);
    while (consumer.position(PARTITION, Duration.ofSeconds(5)) < end) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() == null) {
          files.remove(record.key());
          continue;
        }
        try {
          files.put(record.key(), ReplayLogEntry.fromJson(record.value()));
        } catch (IllegalStateException e) {
          LOG.warn("skipping replay-log record {}: {}", record.key(), e.getMessage());
        }
      }
    }
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    for (ReplayLogEntry entry : files.values()) {
      entry.rejected().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    }
    return new Snapshot(files.size(), rejected);
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  /** The files committed, and the lines the producer rejected in them. */
  record Snapshot(int filesCommitted, Map<RejectReason, Long> rejectedByProducer) {}
}
