package io.flowrank.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FlowReplayer} on Kafka's MockProducer and MockConsumer (the replay log): the start-up, the
 * plan taken from the log (skip, resume), and how a run ends when Kafka fails or a stop comes.
 */
class FlowReplayerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FLOW = "{\"dstdevice\": \"Comp%d\", \"dstport\": \"80\"}";

  @TempDir Path data;

  /** Counts down when the replay closes its producer. */
  private final CountDownLatch producerClosed = new CountDownLatch(1);
  /** Counts down when the replay asks the log for its end the first time. */
  private final CountDownLatch logEndAsked = new CountDownLatch(1);
  /** Runs in {@code initTransactions}, after the mock's own. */
  private Runnable onInitTransactions = () -> {};
  /** Runs after each send, with the record sent. */
  private java.util.function.Consumer<ProducerRecord<byte[], byte[]>> onSend = record -> {};

  /** The partitions of {@code flows} the producer sees (none: the mock's empty cluster). */
  private int flowsPartitions;

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
        @Override
        public synchronized List<org.apache.kafka.common.PartitionInfo> partitionsFor(
            String topic) {
          if (!topic.equals(Topics.FLOWS.name()) || flowsPartitions == 0) {
            return super.partitionsFor(topic);
          }
          List<org.apache.kafka.common.PartitionInfo> partitions = new ArrayList<>();
          for (int i = 0; i < flowsPartitions; i++) {
            partitions.add(new org.apache.kafka.common.PartitionInfo(topic, i, null, null, null));
          }
          return partitions;
        }

        @Override
        public void initTransactions() {
          super.initTransactions();
          onInitTransactions.run();
        }

        @Override
        public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>
            send(
                ProducerRecord<byte[], byte[]> record,
                org.apache.kafka.clients.producer.Callback callback) {
          var sent = super.send(record, callback);
          onSend.accept(record);
          return sent;
        }

        @Override
        public void close(Duration timeout) {
          super.close(timeout);
          producerClosed.countDown();
        }
      };

  private final MockConsumer<String, String> replayLog =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(
            Collection<TopicPartition> partitions, Duration timeout) {
          Map<TopicPartition, Long> ends = super.endOffsets(partitions, timeout);
          logEndAsked.countDown();
          return ends;
        }
      };

  private final List<ReplayLogEntry> logged = new ArrayList<>();
  /** The transactional ids the replay opened its producer with. */
  private final List<String> transactionalIds = new ArrayList<>();
  private final Listener listener = new Listener();
  private ExecutionException topicsFailure;

  @BeforeEach
  void emptyLog() {
    replayLog.updateBeginningOffsets(Map.of(ReplayLog.PARTITION, 0L));
    replayLog.updateEndOffsets(Map.of(ReplayLog.PARTITION, 0L));
  }

  @Test
  void aSourceCutShortResumesAfterItsLastCommittedBatch() throws Exception {
    Path file = source("time_01.json", 5);
    commit(batch("time_01.json", 1, 1, 2, false, Files.size(file)));

    ReplayResult result = replay(settings(2));

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(keys(sent, Topics.FLOWS))
        .containsExactly("time_01.json:3", "time_01.json:5");
    assertThat(keys(sent, Topics.REPLAY_LOG)).containsExactly("time_01.json#2", "time_01.json#3");
    assertThat(producer.commitCount()).isEqualTo(2);
    assertThat(result.filesCommitted()).isEqualTo(1);
    assertThat(result.filesSkipped()).isZero();
    assertThat(result.batchesCommitted()).isEqualTo(2);
    assertThat(result.records()).isEqualTo(3);
    assertThat(listener.batches).containsExactly("time_01.json#2", "time_01.json#3");
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void theLastBatchEndsTheReplayWithOneRecordPerPartitionWithoutLines() throws Exception {
    flowsPartitions = 3;
    Path first = source("time_0.json", 2);
    source("time_1.json", 2);
    ReplayLogEntry done = batch("time_0.json", 1, 1, 2, true, Files.size(first));
    commit(
        new ReplayLogEntry(
            done.file(),
            done.records(),
            done.frames(),
            done.bytes(),
            done.sha256(),
            done.rejected(),
            done.source(),
            done.batch(),
            done.firstLine(),
            done.lastLine(),
            done.last(),
            done.sourceBytes(),
            180_000));

    replay(settings(100));

    List<ProducerRecord<byte[], byte[]>> flows =
        producer.history().stream().filter(r -> r.topic().equals(Topics.FLOWS.name())).toList();
    // The file's two lines (in one frame, or two when their devices live in two partitions),
    // then the ends.
    List<ProducerRecord<byte[], byte[]>> ends = flows.subList(flows.size() - 3, flows.size());
    assertThat(flows.size() - ends.size()).isBetween(1, 2);
    assertThat(ends).extracting(ProducerRecord::partition).containsExactly(0, 1, 2);
    assertThat(ends)
        .allSatisfy(
            end -> {
              assertThat(end.value()).isEmpty();
              assertThat(FlowHeaders.isEnd(end.headers())).isTrue();
              assertThat(FlowHeaders.watermark(end.headers())).isEqualTo(180_000);
            });
    assertThat(FlowHeaders.isEnd(flows.get(0).headers())).isFalse();
    // In the last batch's transaction, before its replay-log entry.
    assertThat(producer.commitCount()).isEqualTo(1);
    assertThat(producer.history().get(producer.history().size() - 1).topic())
        .isEqualTo(Topics.REPLAY_LOG.name());
  }

  @Test
  void aResumedReplayStampsFramesFromTheLargestWatermarkCommitted() throws Exception {
    Path first = source("time_1.json", 2);
    source("time_2.json", 2);
    ReplayLogEntry done = batch("time_1.json", 1, 1, 2, true, Files.size(first));
    commit(
        new ReplayLogEntry(
            done.file(), done.records(), done.frames(), done.bytes(), done.sha256(),
            done.rejected(), done.source(), done.batch(), done.firstLine(), done.lastLine(),
            done.last(), done.sourceBytes(), 172_999));

    replay(settings(100));

    List<ProducerRecord<byte[], byte[]>> frames =
        producer.history().stream().filter(r -> r.topic().equals(Topics.FLOWS.name())).toList();
    assertThat(frames).hasSize(1);
    // The flows of the test have no time: the watermark stays where the earlier run left it.
    assertThat(FlowHeaders.watermark(frames.get(0).headers())).isEqualTo(172_999);
    assertThat(
            producer.history().stream()
                .filter(r -> r.topic().equals(Topics.REPLAY_LOG.name()))
                .map(r -> ReplayLogEntry.fromJson(new String(r.value(), UTF_8)).watermark()))
        .containsExactly(172_999L);
  }

  @Test
  void unpacedSmallSourcesShareATransactionUntilItHoldsABatchOfLines() throws Exception {
    for (int i = 1; i <= 5; i++) {
      source("time_" + i + ".json", 2);
    }

    ReplayResult result = replay(settings(3));

    // time_1 and time_2 (4 lines, at least 3), time_3 and time_4, then time_5, the last.
    assertThat(producer.commitCount()).isEqualTo(3);
    assertThat(keys(producer.history(), Topics.REPLAY_LOG))
        .containsExactly("time_1.json", "time_2.json", "time_3.json", "time_4.json", "time_5.json");
    assertThat(keys(producer.history(), Topics.FLOWS))
        .containsExactly(
            "time_1.json:1", "time_2.json:1", "time_3.json:1", "time_4.json:1", "time_5.json:1");
    assertThat(listener.batches)
        .containsExactly("time_1.json", "time_2.json", "time_3.json", "time_4.json", "time_5.json");
    assertThat(result.filesCommitted()).isEqualTo(5);
    assertThat(result.batchesCommitted()).isEqualTo(5);
    assertThat(result.records()).isEqualTo(10);
  }

  @Test
  void aSourceLongerThanABatchClosesTheTransactionItJoins() throws Exception {
    source("time_1.json", 1);
    source("time_2.json", 5);
    source("time_3.json", 1);

    replay(settings(3));

    // time_1 and time_2#1 (4 lines), time_2#2 (its last, 2 lines) and time_3, the last source.
    assertThat(producer.commitCount()).isEqualTo(2);
    assertThat(keys(producer.history(), Topics.REPLAY_LOG))
        .containsExactly("time_1.json", "time_2.json#1", "time_2.json#2", "time_3.json");
  }

  @Test
  void pacedSourcesAreEachTheirOwnTransaction() throws Exception {
    for (int i = 1; i <= 3; i++) {
      source("time_" + i + ".json", 1);
    }

    replay(ProducerSettings.builder("broker:9092", data).filesPerSecond(1_000).build());

    assertThat(producer.commitCount()).isEqualTo(3);
    assertThat(listener.batches).containsExactly("time_1.json", "time_2.json", "time_3.json");
  }

  @Test
  void aStopBetweenTwoSourcesOfOneTransactionAbortsBoth() throws Exception {
    source("time_1.json", 1);
    source("time_2.json", 1);
    source("time_3.json", 1);
    FlowReplayer replayer = replayer(settings(100));
    onSend =
        record -> {
          if (record.topic().equals(Topics.REPLAY_LOG.name())
              && new String(record.key(), UTF_8).equals("time_2.json")) {
            replayer.stop();
          }
        };

    assertThatThrownBy(replayer::run)
        .isInstanceOf(InterruptedException.class)
        .hasMessage("replay stopped");
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.transactionInFlight()).isFalse();
    assertThat(producer.commitCount()).isZero();
    assertThat(producer.history()).isEmpty();
    assertThat(listener.batches).isEmpty();
    assertThat(listener.stopped).isEqualTo(1);
  }

  @Test
  void watchingReplaysEachFileThatAppearsAsARunOfItsOwnThenEndsWhenStopped() throws Exception {
    flowsPartitions = 2;
    Path first = source("time_1.json", 2);
    source("time_2.json", 2);
    commit(batch("time_1.json", 1, 1, 2, true, Files.size(first)));
    FlowReplayer replayer =
        replayer(ProducerSettings.builder("broker:9092", data).watch(true).build());
    listener.onBatch =
        () -> {
          try {
            if (listener.batches.equals(List.of("time_2.json"))) {
              // Two files come while it waits: one written whole under a hidden name, then renamed.
              source(".time_4.json", 3);
              Files.move(data.resolve(".time_4.json"), data.resolve("time_4.json"));
              source("time_3.json", 1);
            } else if (listener.batches.contains("time_4.json")) {
              replayer.stop();
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };

    ReplayResult result = replayer.run();

    assertThat(transactionalIds)
        .containsExactly(TransactionalIds.watching(data.toAbsolutePath().normalize().getFileName()));
    assertThat(keys(producer.history(), Topics.REPLAY_LOG))
        .containsExactly("time_2.json", "time_3.json", "time_4.json");
    // Each listing is a replay of its own: its last transaction ends it, one record per partition.
    List<String> flows = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : producer.history()) {
      if (record.topic().equals(Topics.FLOWS.name())) {
        flows.add(FlowHeaders.isEnd(record.headers()) ? "end" : source(record.key()).split(":")[0]);
      }
    }
    assertThat(String.join(" ", flows).replaceAll("(time_\\d.json )+", "lines "))
        .isEqualTo("lines end end lines end end");
    assertThat(producer.commitCount()).isEqualTo(2);
    assertThat(result.filesSkipped()).isEqualTo(1);
    assertThat(result.filesCommitted()).isEqualTo(3);
    assertThat(result.records()).isEqualTo(6);
    assertThat(listener.started).isEqualTo("4 files, 1 skipped");
    assertThat(listener.stopped).isZero();
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void watchingStandardInputIsRefused() {
    assertThatThrownBy(
            () ->
                ProducerSettings.builder("broker:9092", ProducerSettings.STDIN).watch(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--watch watches a folder, not standard input");
  }

  @Test
  void sourcesTheLogHoldsToTheirEndAreSkippedAndTheOthersSent() throws Exception {
    Path first = source("time_1.json", 2);
    source("time_2.json", 2);
    commit(batch("time_1.json", 1, 1, 2, true, Files.size(first)));

    ReplayResult result = replay(settings(100));

    assertThat(keys(producer.history(), Topics.REPLAY_LOG)).containsExactly("time_2.json");
    assertThat(result.filesSkipped()).isEqualTo(1);
    assertThat(result.filesCommitted()).isEqualTo(1);
    assertThat(listener.started).isEqualTo("2 files, 1 skipped");
  }

  @Test
  void anEntryCommittedBehindAnotherProducersOpenTransactionIsSeen() throws Exception {
    Path file = source("time_1.json", 2);
    // Another input's producer has a transaction open on the log: the end a read_committed reader
    // is told stops before it, and the entry committed after it is there only for a reader that
    // waits for that transaction to end.
    commit(batch("time_1.json", 1, 1, 2, true, Files.size(file)));
    replayLog.updateEndOffsets(Map.of(ReplayLog.PARTITION, 0L)); // the last stable offset

    ReplayResult result = replay(settings(100));

    assertThat(result.filesSkipped()).isEqualTo(1);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void theProducerIsOpenedWithTheIdOfTheInputOrTheOneGiven() throws Exception {
    source("time_1.json", 1);
    source("time_2.json", 1);

    replay(settings(100));

    assertThat(transactionalIds)
        .containsExactly(TransactionalIds.derived(List.of("time_1.json", "time_2.json")));
  }

  @Test
  void theLogIsReadAgainOnceInitTransactionsHasAbortedWhatARunLeftOpen() throws Exception {
    Path file = source("time_1.json", 2);
    ReplayLogEntry hidden = batch("time_1.json", 1, 1, 2, true, Files.size(file));
    // The entry shows only once initTransactions is done (an open transaction of a crashed run
    // ended), after the first read of the log found nothing.
    onInitTransactions =
        () -> {
          await(logEndAsked, "the first read of the replay log");
          commit(hidden);
        };

    ReplayResult result = replay(settings(100));

    assertThat(result.filesSkipped()).isEqualTo(1);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aProducerFencedBetweenBatchesStopsAndKeepsTheBatchesCommittedBefore() throws Exception {
    source("time_01.json", 4);
    listener.onBatch = producer::fenceProducer; // another producer with the same id starts

    FlowReplayer replayer = replayer(settings(2));

    assertThatThrownBy(replayer::run)
        .isInstanceOf(InputTakenOverException.class)
        .hasMessage(
            "another producer took over this input (transactional id "
                + TransactionalIds.derived(List.of("time_01.json"))
                + "); this one stops, the other resumes where it left off");
    assertThat(keys(producer.history(), Topics.REPLAY_LOG)).containsExactly("time_01.json#1");
    assertThat(listener.stopped).isEqualTo(1);
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void aStopBetweenBatchesEndsTheRunWithTheBatchesCommittedBefore() throws Exception {
    source("time_01.json", 4);
    FlowReplayer replayer = replayer(settings(2));
    listener.onBatch = replayer::stop;

    assertThatThrownBy(replayer::run)
        .isInstanceOf(InterruptedException.class)
        .hasMessage("replay stopped");
    assertThat(keys(producer.history(), Topics.REPLAY_LOG)).containsExactly("time_01.json#1");
    assertThat(producer.transactionInFlight()).isFalse();
    assertThat(listener.stopped).isEqualTo(1);
  }

  @Test
  void aProducerThatCannotStartIsNamedAndClosed() throws Exception {
    source("time_01.json", 1);
    producer.initTransactionException =
        new TransactionalIdAuthorizationException("not authorized");

    assertThatThrownBy(() -> replay(settings(100)))
        .isInstanceOf(ReplayException.class)
        .hasMessage(
            "cannot start the transactional producer '"
                + TransactionalIds.derived(List.of("time_01.json"))
                + "' at broker:9092: not authorized");
    assertThat(producer.closed()).isTrue();
    assertThat(listener.stopped).as("the listener heard no start").isZero();
  }

  @Test
  void topicsThatCannotBeCreatedEndTheRunBeforeAnySendAndCloseTheProducer() throws Exception {
    source("time_01.json", 1);
    topicsFailure = new ExecutionException(new TopicAuthorizationException("no topics for you"));

    assertThatThrownBy(() -> replay(settings(100)))
        .isInstanceOf(ReplayException.class)
        .hasMessage("cannot create the topics at broker:9092: no topics for you");
    await(producerClosed, "the producer opened alongside closed");
    assertThat(producer.history()).isEmpty();
  }

  private ReplayResult replay(ProducerSettings settings) throws Exception {
    try (FlowReplayer replayer = replayer(settings)) {
      return replayer.run();
    }
  }

  private FlowReplayer replayer(ProducerSettings settings) {
    ReplayClients clients =
        new ReplayClients() {
          @Override
          public void ensureTopics() throws ExecutionException {
            if (topicsFailure != null) {
              throw topicsFailure;
            }
          }

          @Override
          public Producer<byte[], byte[]> transactionalProducer(String transactionalId) {
            transactionalIds.add(transactionalId);
            return producer;
          }

          @Override
          public long replayLogEnd(Duration timeout) {
            return logged.size(); // the high watermark: past every entry, committed or not yet
          }

          @Override
          public Consumer<String, String> replayLogConsumer() {
            return replayLog;
          }
        };
    return new FlowReplayer(settings, listener, clients);
  }

  private ProducerSettings settings(int rowsPerBatch) {
    return ProducerSettings.builder("broker:9092", data).rowsPerBatch(rowsPerBatch).build();
  }

  /** A JSON-lines file of {@code lines} flows. */
  private Path source(String name, int lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      text.append(String.format(FLOW, i)).append('\n');
    }
    return Files.writeString(data.resolve(name), text, UTF_8);
  }

  /** The replay-log entry of a committed batch; a source that is one batch is named by itself. */
  private static ReplayLogEntry batch(
      String source, int number, long firstLine, long lastLine, boolean last, long sourceBytes) {
    boolean whole = number == 1 && last;
    return new ReplayLogEntry(
        whole ? source : ReplayLogEntry.batchKey(source, number),
        lastLine - firstLine + 1,
        1,
        0,
        "ab".repeat(32),
        Map.of(),
        source,
        number,
        firstLine,
        lastLine,
        last,
        sourceBytes,
        0);
  }

  /** Appends {@code entry} to the replay log, as a committed transaction of an earlier run would. */
  private void commit(ReplayLogEntry entry) {
    long offset = logged.size();
    logged.add(entry);
    replayLog.updateEndOffsets(Map.of(ReplayLog.PARTITION, (long) logged.size()));
    // Records can be added only once the replay assigned itself the log: at its next poll.
    replayLog.schedulePollTask(
        () ->
            replayLog.addRecord(
                new ConsumerRecord<>(
                    Topics.REPLAY_LOG.name(), 0, offset, entry.file(), entry.toJson())));
  }

  private static List<String> keys(
      List<ProducerRecord<byte[], byte[]>> records, Topics.Topic<?, ?> topic) {
    return records.stream()
        .filter(r -> r.topic().equals(topic.name()))
        .map(r -> topic == Topics.FLOWS ? source(r.key()) : new String(r.key(), UTF_8))
        .toList();
  }

  private static String source(byte[] key) {
    FlowKey.Source source = FlowKey.decode(key).orElseThrow();
    return source.file() + ":" + source.line();
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as(what).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** Records what the replay told its listener; {@link #onBatch} runs after each batch. */
  private static final class Listener implements ProgressListener {
    final List<String> batches = new ArrayList<>();
    String started;
    int stopped;
    Runnable onBatch = () -> {};

    @Override
    public void started(int totalFiles, int skippedFiles) {
      started = totalFiles + " files, " + skippedFiles + " skipped";
    }

    @Override
    public void fileCommitted(FileReport file, ReplayProgress progress) {
      batches.add(file.file());
      onBatch.run();
    }

    @Override
    public void finished(ReplayResult result) {}

    @Override
    public void stopped(ReplayProgress progress) {
      stopped++;
    }
  }
}
