package io.flowrank.streams.query;

import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.streams.topology.WebServerTopology;
import java.util.EnumMap;
import java.util.HashMap;
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
 * Computes {@link Progress}: the flow statistics of every instance, the replay log, and the lag of the
 * application's consumer group on {@code flows} and on its repartition topic (read_committed end
 * offsets against committed offsets). The app has caught up when every one of those partitions is
 * committed up to its end.
 */
public final class ProgressTracker implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final Supplier<KafkaStreams> streams;
  private final Supplier<StreamStats> stats;
  private volatile int flowsPartitions;
  private final Admin admin;
  private final ReplayLogView replayLog;
  private final String applicationId;
  private final List<String> inputTopics;

  public ProgressTracker(
      Supplier<KafkaStreams> streams,
      Supplier<StreamStats> stats,
      Properties clientConfig,
      String applicationId) {
    this.streams = streams;
    this.stats = stats;
    this.admin = Admin.create(clientConfig);
    this.replayLog = new ReplayLogView(clientConfig);
    this.applicationId = applicationId;
    this.inputTopics =
        List.of(
            Topics.FLOWS.name(),
            applicationId + "-" + WebServerTopology.REPARTITION_NAME + "-repartition");
  }

  public Progress progress() {
    KafkaStreams current = streams.get();
    String state = current == null ? "NOT_STARTED" : current.state().name();
    StreamStats stats = this.stats.get();
    ReplayLogView.Snapshot replay = replayLog.refresh();
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    rejected.putAll(stats.rejected());
    replay.rejectedByProducer().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
    long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> lag = lag();
    boolean caughtUp =
        "RUNNING".equals(state) && !lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0);
    return new Progress(
        state,
        stats.webFlows() + stats.otherFlows() + rejectedTotal,
        stats.webFlows(),
        rejectedTotal,
        rejected,
        lag,
        replay.filesCommitted(),
        caughtUp);
  }

  /** The partition count of {@code flows}, read once from the cluster. */
  public int flowsPartitionCount() {
    if (flowsPartitions == 0) {
      try {
        flowsPartitions =
            admin
                .describeTopics(List.of(Topics.FLOWS.name()))
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(Topics.FLOWS.name())
                .partitions()
                .size();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotReadyException("interrupted while describing " + Topics.FLOWS.name());
      } catch (ExecutionException | TimeoutException e) {
        throw new NotReadyException("cannot describe " + Topics.FLOWS.name() + ": " + e.getMessage());
      }
    }
    return flowsPartitions;
  }

  private Map<String, Long> lag() {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<String> topics = inputTopics.stream().filter(existing::contains).toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      var ends =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<String, Long> lag = new TreeMap<>();
      ends.forEach(
          (partition, end) -> {
            OffsetAndMetadata done = committed.get(partition);
            long position = done == null ? 0 : done.offset();
            lag.put(partition.toString(), Math.max(0, end.offset() - position));
          });
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotReadyException("interrupted while reading the lag");
    } catch (ExecutionException | TimeoutException e) {
      throw new NotReadyException("cannot read the lag from Kafka: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    replayLog.close();
    admin.close();
  }
}
