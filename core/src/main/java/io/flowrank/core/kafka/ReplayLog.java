package io.flowrank.core.kafka;

import io.flowrank.core.rules.RejectReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed content of {@code flowrank-replay-log}: the entry of every file a replay committed,
 * by batch name. Read with a {@code read_committed} consumer from the beginning to the end offset,
 * which under that isolation level is the last stable offset: an open or aborted transaction adds
 * nothing, so only files whose lines were committed with them show up.
 */
public final class ReplayLog {

  /** The replay log has one partition (see {@code TopicSetup}); the producer writes there only. */
  public static final TopicPartition PARTITION = new TopicPartition(Topics.REPLAY_LOG.name(), 0);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Logger LOG = LoggerFactory.getLogger(ReplayLog.class);

  private final Map<String, ReplayLogEntry> entries = new HashMap<>();
  private final boolean skipUnreadable;

  /** A log that fails on an entry it cannot read: the producer must not guess what was sent. */
  public ReplayLog() {
    this(false);
  }

  /**
   * @param skipUnreadable pass over an entry that cannot be read (with a warning) instead of
   *     failing: for readers that only report progress
   */
  public ReplayLog(boolean skipUnreadable) {
    this.skipUnreadable = skipUnreadable;
  }

  /**
   * Applies one record of the log in offset order: the latest entry of a batch name wins, as
   * compaction would keep it, and a tombstone (null value) forgets the file so that it is sent
   * again.
   */
  public void apply(String key, String value) {
    if (key == null) {
      return; // not written by flowrank: the broker refuses keyless records in a compacted topic
    }
    if (value == null) {
      entries.remove(key);
      return;
    }
    try {
      entries.put(key, ReplayLogEntry.fromJson(value));
    } catch (IllegalStateException e) {
      if (!skipUnreadable) {
        throw e;
      }
      LOG.warn("skipping replay-log record {}: {}", key, e.getMessage());
    }
  }

  /** The sources committed to their end: whole files, and sources whose last batch is in. */
  public int sourcesCompleted() {
    int completed = 0;
    for (ReplayLogEntry entry : entries.values()) {
      if (entry.endsSource()) {
        completed++;
      }
    }
    return completed;
  }

  /** The batches committed. */
  public int batches() {
    return entries.size();
  }

  /** The lines the producer rejected itself (too large for the broker), by reason. */
  public Map<RejectReason, Long> rejectedByProducer() {
    Map<RejectReason, Long> rejected =
        new EnumMap<>(RejectReason.class);
    for (ReplayLogEntry entry : entries.values()) {
      entry.rejected().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    }
    return rejected;
  }

  /** The committed entries by batch name (a copy). */
  public Map<String, ReplayLogEntry> entries() {
    return Map.copyOf(entries);
  }

  /**
   * Reads the whole log with {@code consumer}, which must be configured {@code read_committed} with
   * String deserializers.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  public static Map<String, ReplayLogEntry> read(
      Consumer<String, String> consumer, Duration timeout) {
    ReplayLog log = new ReplayLog();
    log.start(consumer);
    log.catchUp(consumer, timeout);
    return log.entries();
  }

  /** Points {@code consumer} (configured as for {@link #read}) at the beginning of the log. */
  public void start(Consumer<String, String> consumer) {
    List<TopicPartition> partitions = List.of(PARTITION);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Applies what {@code consumer} reads from its position up to the log's end offset now, which
   * under {@code read_committed} is the last stable offset: an open transaction hides what follows
   * it until it ends, so read again once it is known to be over.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  public void catchUp(Consumer<String, String> consumer, Duration timeout) {
    catchUpTo(consumer, consumer.endOffsets(List.of(PARTITION), timeout).get(PARTITION), timeout);
  }

  /**
   * Applies what {@code consumer} reads from its position up to offset {@code end}. With {@code
   * end} the log's high watermark (its end for a {@code read_uncommitted} reader), this waits until
   * every transaction open on the log below it has ended, committed or aborted, and so sees every
   * entry committed before, even one behind another producer's transaction still open.
   *
   * @throws TimeoutException when {@code end} is not reached within {@code timeout}
   */
  public void catchUpTo(Consumer<String, String> consumer, long end, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(PARTITION, remaining(deadline)) < end) {
      if (remaining(deadline).isZero()) {
        throw new TimeoutException(
            "the replay log was not read to its end (offset " + end + ") within " + timeout);
      }
      for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
        apply(record.key(), record.value());
      }
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
