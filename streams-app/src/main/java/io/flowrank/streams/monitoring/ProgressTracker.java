package io.flowrank.streams.monitoring;

import io.flowrank.core.api.Progress;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.StreamStats;
import io.flowrank.streams.topology.Names;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Computes {@link Progress} ({@code /api/progress}): the flow statistics of every instance, the
 * replay log, and the lag of the application's group on {@code flows} and on its repartition topic
 * (read_committed end offsets against committed offsets). The app has caught up when every one of
 * those partitions is committed up to its end and none holds an open transaction: the commit
 * markers of one transaction reach its partitions one by one, so a file can be in the replay log a
 * moment before its lines are readable in every partition of {@code flows}.
 */
public final class ProgressTracker implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final KafkaStreams streams;
  private final Supplier<StreamStats> stats;
  private volatile List<TopicPartition> partitions;
  private final Admin admin;
  private final ReplayLogView replayLog;
  private final String applicationId;
  private final List<String> inputTopics;
  private final RateHistory rates;
  private final Supplier<List<Progress.Unserved>> unserved;

  /**
   * @param stats the flow statistics of every partition
   * @param unserved the partitions no instance answers for now
   */
  public ProgressTracker(
      KafkaStreams streams,
      Supplier<StreamStats> stats,
      RateHistory rates,
      Supplier<List<Progress.Unserved>> unserved,
      Properties clientConfig,
      String applicationId) {
    this.streams = streams;
    this.stats = stats;
    this.rates = rates;
    this.unserved = unserved;
    this.admin = Admin.create(clientConfig);
    this.replayLog = new ReplayLogView(clientConfig);
    this.applicationId = applicationId;
    this.inputTopics =
        List.of(Topics.FLOWS.name(), Names.repartitionTopic(applicationId));
  }

  public Progress progress() {
    String state = streams.state().name();
    // The replay log first, then the offsets: a file shows in the replay log once its commit marker
    // is written there, and until the markers reach every partition of flows too, those partitions
    // show an open transaction below.
    ReplayLogView.Snapshot replay = replayLog.refresh();
    Offsets offsets = offsets();
    StreamStats stats = this.stats.get();
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    rejected.putAll(stats.rejected());
    replay.rejectedByProducer().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
    boolean caughtUp =
        "RUNNING".equals(state)
            && !offsets.lag().isEmpty()
            && offsets.lag().values().stream().allMatch(l -> l == 0)
            && !offsets.openTransaction();
    return new Progress(
        state,
        stats.webFlows() + stats.otherFlows() + rejectedTotal,
        stats.webFlows(),
        rejectedTotal,
        byName(rejected),
        offsets.lag(),
        replay.filesCommitted(),
        replay.batchesCommitted(),
        caughtUp,
        rates.recordsPerSecond(),
        unserved.get(),
        incomplete(stats),
        stats.late(),
        stats.incomplete().getOrDefault(NumericField.TIME, 0L));
  }

  /** Every numeric field, zeros included, by its name. */
  private static Map<String, Long> incomplete(StreamStats stats) {
    Map<String, Long> named = new LinkedHashMap<>();
    for (NumericField field : NumericField.values()) {
      named.put(field.fieldName(), stats.incomplete().getOrDefault(field, 0L));
    }
    return named;
  }

  /** The reasons by name, in the order of the enum (the answer's order). */
  private static Map<String, Long> byName(Map<RejectReason, Long> rejected) {
    Map<String, Long> named = new LinkedHashMap<>();
    rejected.forEach((reason, n) -> named.put(reason.name(), n));
    return named;
  }

  /**
   * The lag of every input partition (read_committed end offset minus the group's committed
   * offset), and whether any of them holds an open transaction (its last stable offset below its
   * high watermark: a producer's file, or the app's own repartition writes, not committed yet).
   * The three requests go out together.
   */
  private Offsets offsets() {
    try {
      List<TopicPartition> partitions = inputPartitions();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
      var stable =
          admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all();
      var written =
          admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all();
      var committedFuture =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata();
      var ends = stable.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      var highWatermarks = written.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          committedFuture.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<String, Long> lag = new TreeMap<>();
      boolean open = false;
      for (var entry : ends.entrySet()) {
        TopicPartition partition = entry.getKey();
        long end = entry.getValue().offset();
        OffsetAndMetadata done = committed.get(partition);
        long position = done == null ? 0 : done.offset();
        lag.put(partition.toString(), Math.max(0, end - position));
        var highWatermark = highWatermarks.get(partition);
        open |= highWatermark != null && highWatermark.offset() > end;
      }
      return new Offsets(lag, open);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotReadyException("interrupted while reading the lag");
    } catch (ExecutionException | TimeoutException e) {
      throw new NotReadyException("cannot read the lag from Kafka: " + e.getMessage());
    }
  }

  /**
   * The partitions of {@code flows} and of the repartition topic; described once both exist (the
   * repartition topic appears when Kafka Streams first starts), then reused.
   */
  private List<TopicPartition> inputPartitions()
      throws InterruptedException, ExecutionException, TimeoutException {
    List<TopicPartition> known = partitions;
    if (known != null) {
      return known;
    }
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<String> topics = inputTopics.stream().filter(existing::contains).toList();
    List<TopicPartition> found = new ArrayList<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .forEach(
            (name, description) ->
                description
                    .partitions()
                    .forEach(p -> found.add(new TopicPartition(name, p.partition()))));
    if (topics.size() == inputTopics.size()) {
      partitions = List.copyOf(found);
    }
    return found;
  }

  /** Lag per input partition, and whether one of them holds an open transaction. */
  private record Offsets(Map<String, Long> lag, boolean openTransaction) {}

  @Override
  public void close() {
    replayLog.close();
    admin.close();
  }
}
