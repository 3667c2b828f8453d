package io.flowrank.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads a topic as a downstream user would: {@code read_committed}, without a consumer group, from
 * the beginning of every partition to its end. Under that isolation level the end offsets are the
 * last stable offsets, so reaching them means every committed record was seen and nothing of an
 * open or aborted transaction was. Comparing them with the high watermarks tells whether a
 * transaction is still open.
 */
final class CommittedRecords {

  private static final Duration POLL = Duration.ofMillis(200);
  // Hundreds of thousands of records are counted in the crash tests: larger rounds than the 500.
  private static final int MAX_POLL_RECORDS = 10_000;
  // Long enough for a committed transaction's markers, short beside a transaction left open.
  private static final Duration SETTLE = Duration.ofSeconds(15);

  private CommittedRecords() {}

  /** Every committed record of {@code topic}, partition by partition, each in offset order. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, String topic, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    forEach(bootstrapServers, topic, timeout, records::add);
    records.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    return records;
  }

  /** Committed records, and the non-blank lines of their frames ({@code FlowFrame}). */
  /**
   * @param records the frames (the records but the ends of replays)
   * @param lines their non-blank lines
   * @param ends the records that end a replay ({@code flowrank.end}, no line)
   */
  record Lines(long records, long lines, long ends) {}

  /**
   * How many committed frames {@code topic} holds, how many non-blank lines they carry (text or
   * judged), and how many records end a replay.
   */
  static Lines lines(String bootstrapServers, String topic, Duration timeout) {
    LongAdder records = new LongAdder();
    LongAdder lines = new LongAdder();
    LongAdder ends = new LongAdder();
    forEach(
        bootstrapServers,
        topic,
        timeout,
        record -> {
          if (io.flowrank.core.kafka.FlowHeaders.isEnd(record.headers())) {
            if (record.value().length != 0) {
              throw new AssertionError("the end of a replay holds lines: " + record);
            }
            ends.increment();
            return;
          }
          records.increment();
          byte[] frame = record.value();
          if (io.flowrank.core.kafka.JudgedFrame.isJudged(record.headers())) {
            lines.add(io.flowrank.core.kafka.JudgedFrame.lines(frame));
            return;
          }
          int start = 0;
          while (start <= frame.length) {
            int end = io.flowrank.core.input.Newlines.indexOf(frame, start, frame.length);
            int stop = end < 0 ? frame.length : end;
            if (!io.flowrank.core.rules.FlowLineParser.isBlank(frame, start, stop - start)) {
              lines.increment();
            }
            start = stop + 1;
          }
        });
    return new Lines(records.sum(), lines.sum(), ends.sum());
  }

  /** Hands every committed record of {@code topic} to {@code action}, in no particular order. */
  private static void forEach(
      String bootstrapServers,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<byte[], byte[]>> action) {
    awaitSettled(bootstrapServers, topic, timeout);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      List<TopicPartition> partitions = partitions(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      await("a read_committed consumer reaching the end of " + topic)
          .atMost(timeout)
          // Each round polls (waiting up to POLL itself): no pause between rounds on a big topic.
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(POLL).forEach(action);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
    }
  }

  /**
   * Waits, at most {@link #SETTLE}, until no transaction is open on {@code topic}. A producer's
   * commit returns once the coordinator has it, before the markers reach every partition; until
   * then a read_committed reader's end stops before the transaction, so right after a replay its
   * last transaction (all of it, when its batches shared one) could be missed. A transaction that
   * stays open longer (a killed producer's) is not waited out: the reader then ends before it.
   */
  private static void awaitSettled(String bootstrapServers, String topic, Duration timeout) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(properties)) {
      await("no transaction open on " + topic)
          .atMost(SETTLE)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> unstableOffsets(admin, topic, timeout) == 0);
    } catch (ConditionTimeoutException stillOpen) {
      // A transaction left open: read what is committed, as the class says.
    }
  }

  /** The last stable offset of every partition of {@code topic}. */
  static Map<TopicPartition, Long> endOffsets(
      String bootstrapServers, String topic, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      List<TopicPartition> partitions = partitions(consumer, topic, timeout);
      // Assigned, so the consumer keeps the last stable offsets it fetches instead of warning.
      consumer.assign(partitions);
      return new HashMap<>(consumer.endOffsets(partitions, timeout));
    }
  }

  /**
   * The offsets of {@code topic} not stable yet, summed over its partitions: the high watermark
   * minus the last stable offset, that is the records from the first transaction still open on. Not
   * zero only while a transaction is neither committed nor aborted, as after a producer was killed
   * mid-file. Asked with an {@link Admin} the caller keeps, so it takes milliseconds.
   */
  static long unstableOffsets(Admin admin, String topic, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> high =
        offsets(admin, latest, IsolationLevel.READ_UNCOMMITTED, timeout);
    Map<TopicPartition, Long> stable =
        offsets(admin, latest, IsolationLevel.READ_COMMITTED, timeout);
    return high.entrySet().stream()
        .mapToLong(e -> e.getValue() - stable.getOrDefault(e.getKey(), e.getValue()))
        .sum();
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin,
      Map<TopicPartition, OffsetSpec> specs,
      IsolationLevel isolation,
      Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listOffsets(specs, new ListOffsetsOptions(isolation))
        .all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout) {
    return consumer.partitionsFor(topic, timeout).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    return new KafkaConsumer<>(
        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
