package io.flowrank.producer;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.input.InputFormat;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.JudgedFrame;
import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchSender} on Kafka's transactional {@link MockProducer}: what one batch's transaction
 * holds when it commits, and that a failure leaves nothing of the batch committed, thrown as the
 * {@link ReplayException} whose message the cli prints (exit code 3; 4 when taken over).
 */
class BatchSenderTest {

  private static final String NAME = "time_01.json";
  private static final long SOURCE_BYTES = 4_242;
  private static final ReplayPlan.InputFile SOURCE =
      new ReplayPlan.InputFile(NAME, Path.of("data", NAME), SOURCE_BYTES);
  private static final String FLOW = "{\"dstdevice\": \"Comp%d\", \"dstport\": \"80\"}";
  private static final String ROW = "172800,0,Comp1,Comp%d,6,Port1,80,1,1,60,60";
  private static final String ID = "flowrank-producer-0123456789abcdef";
  /** What a producer fenced by another with its transactional id says (docs/design.md §2). */
  private static final String TAKEN_OVER =
      "another producer took over this input (transactional id "
          + ID
          + "); this one stops, the other resumes where it left off";

  private final StopSignal stop = new StopSignal();

  @Test
  void aBatchCommitsItsFramesAndThenItsReplayLogRecordInOneTransaction() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    // Line 3 is blank: kept inside its frame (line i of a frame is line first + i), not counted.
    String input = lines(flow(1), flow(2), "", flow(4), flow(5));

    BatchSender.Batch batch = send(producer, settings(3, 100), input, 1);

    byte[] first = frame(flow(1), flow(2), "");
    byte[] second = frame(flow(4), flow(5));
    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(producer.commitCount()).isEqualTo(1);
    assertThat(producer.transactionAborted()).isFalse();
    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(3);
    assertFrame(sent.get(0), 1, first);
    assertFrame(sent.get(1), 4, second);
    assertThat(sent.get(0).headers().lastHeader(FlowHeaders.FORMAT)).as("JSON: no format").isNull();
    assertThat(replayLogEntry(sent.get(2)))
        .isEqualTo(
            new ReplayLogEntry(
                NAME, 4, 2, first.length + second.length, sha256(first, second), Map.of(), NAME, 1,
                1, 5, true, SOURCE_BYTES, 0));
    assertThat(batch.more()).isFalse();
    assertThat(batch.report().file()).isEqualTo(NAME);
    assertThat(batch.report().records()).isEqualTo(4);
    assertThat(batch.report().frames()).isEqualTo(2);
    assertThat(batch.report().bytes()).isEqualTo(first.length + second.length);
    assertThat(batch.report().rejected()).isEmpty();
  }

  @Test
  void eachFrameCarriesTheWatermarkBeforeItsFirstLineAndTheBatchTheOneAfterIt() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    // Web flows on 80 and 443 move the watermark by their time; the rest does not: a flow to 53
    // at a later time, one without a valid time, a rejected line.
    String input =
        lines(
            timed("Comp1", "80", "172900"),
            timed("Comp2", "53", "999999"),
            timed("Comp3", "443", "172850"),
            timed("Comp4", "443", "12a"),
            "not json",
            timed("Comp5", "8080", "172950"),
            timed("Comp6", "443", "172901"));
    BatchSender sender =
        new BatchSender(
            producer,
            ProducerSettings.builder("broker:9092", Path.of("data"))
                .linesPerRecord(3)
                .rowsPerBatch(100)
                .webPorts(WebPorts.parse("80,443"))
                .build(),
            ID,
            stop,
            172_800);

    try (RecordReader reader = reader(input)) {
      sender.send(reader, SOURCE, 1, reader.next(), false);
      sender.commit();
    }

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(4);
    assertThat(sent.subList(0, 3).stream().map(r -> FlowHeaders.watermark(r.headers())))
        .containsExactly(172_800L, 172_900L, 172_900L);
    assertThat(replayLogEntry(sent.get(3)).watermark()).isEqualTo(172_901);
    assertThat(sender.watermark()).isEqualTo(172_901);
  }

  @Test
  void aBatchThatFailsLeavesTheWatermarkWhereTheLastCommitLeftIt() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    producer.commitTransactionException = new TimeoutException("no commit");
    BatchSender sender = new BatchSender(producer, settings(10, 100), ID, stop, 5);

    try (RecordReader reader = reader(lines(timed("Comp1", "80", "172900")))) {
      sender.send(reader, SOURCE, 1, reader.next(), false);
      assertThatThrownBy(sender::commit).isInstanceOf(ReplayException.class);
    }
    assertThat(sender.watermark()).isEqualTo(5);
  }

  private static String timed(String device, String port, String time) {
    return "{\"time\": \"" + time + "\", \"dstdevice\": \"" + device + "\", \"dstport\": \""
        + port + "\"}";
  }

  @Test
  void judgedFramesCarryWhatTheRulesFoundAndRejectedLinesAsTheyCame() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    // A blank first line (no frame starts with one), a web flow with its fields, another flow, a
    // blank line inside the frame, a rejected line, then a second frame.
    String web =
        "{\"time\": \"172801\", \"srcdevice\": \"Comp9\", \"dstdevice\": \"Comp1\","
            + " \"dstport\": \"443\", \"dstpackets\": \"0\", \"srcbytes\": \"12a\","
            + " \"dstbytes\": \"9223372036854775807\"}";
    String other = "{\"dstdevice\": \"Comp2\", \"dstport\": \"53\"}";
    String input = lines("", web, other, "", "not json", flow(7), flow(7));

    BatchSender.Batch batch =
        send(producer, settings(4, 100, FlowFrame.Form.JUDGED), input, 1);

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(3);
    ProducerRecord<byte[], byte[]> first = sent.get(0);
    assertThat(first.key()).isEqualTo(FlowKey.encode(FlowKey.prefix(NAME), 2));
    assertThat(FlowHeaders.get(first.headers(), FlowHeaders.FORMAT))
        .isEqualTo(FlowHeaders.FORMAT_JUDGED);
    assertThat(JudgedFrame.check(first.value()))
        .isEqualTo(new JudgedFrame.Header(InputFormat.JSON_LINES, WebPorts.DEFAULT));
    assertThat(JudgedFrame.describe(first.value()))
        .containsExactly(
            "web 0 Comp1 FlowFields[port=443, srcdevice=Comp9, time=172801, dstpackets=0,"
                + " srcbytes=-1, dstbytes=9223372036854775807]",
            "other 1",
            "line 3 not json",
            // Comp7 is the frame's third name (Comp9, a client, the second).
            "web 2 Comp7 FlowFields[port=80, srcdevice=null, time=-1, dstpackets=-1, srcbytes=-1,"
                + " dstbytes=-1]");
    // Four lines a frame, blank ones aside: the second frame holds the last flow(7).
    assertThat(sent.get(1).key()).isEqualTo(FlowKey.encode(FlowKey.prefix(NAME), 7));
    assertThat(JudgedFrame.describe(sent.get(1).value()))
        .containsExactly(
            "web 0 Comp7 FlowFields[port=80, srcdevice=null, time=-1, dstpackets=-1, srcbytes=-1,"
                + " dstbytes=-1]");
    assertThat(JudgedFrame.lines(first.value())).isEqualTo(4);
    ReplayLogEntry entry = replayLogEntry(sent.get(2));
    assertThat(entry.records()).isEqualTo(5);
    assertThat(entry.frames()).isEqualTo(2);
    assertThat(entry.bytes()).isEqualTo(first.value().length + sent.get(1).value().length);
    assertThat(entry.sha256()).isEqualTo(sha256(first.value(), sent.get(1).value()));
    assertThat(batch.report().records()).isEqualTo(5);
  }

  @Test
  void framesOfOneLineCarryTheTextWhateverTheFormAsked() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});

    send(producer, settings(1, 100, FlowFrame.Form.JUDGED), lines(flow(1), flow(2)), 1);

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertFrame(sent.get(0), 1, frame(flow(1)));
    assertFrame(sent.get(1), 2, frame(flow(2)));
    assertThat(sent.get(0).headers().lastHeader(FlowHeaders.FORMAT)).isNull();
  }

  @Test
  void aLongerSourceIsSentInBatchesNamedByTheirNumberEachInItsOwnTransaction() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    BatchSender sender = new BatchSender(producer, settings(1_000, 2), ID, stop, 0);
    List<BatchSender.Batch> batches = new ArrayList<>();

    try (RecordReader reader = reader(lines(flow(1), flow(2), flow(3), flow(4), flow(5)))) {
      boolean more = reader.next();
      for (int number = 1; more; number++) {
        BatchSender.Batch batch = sender.send(reader, SOURCE, number, more, false);
        assertThat(sender.commit()).containsExactly(batch);
        assertThat(producer.commitCount()).as("commits after batch %d", number).isEqualTo(number);
        batches.add(batch);
        more = batch.more();
      }
    }

    assertThat(batches)
        .extracting(b -> b.report().file())
        .containsExactly(NAME + "#1", NAME + "#2", NAME + "#3");
    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(6);
    assertFrame(sent.get(0), 1, frame(flow(1), flow(2)));
    assertFrame(sent.get(2), 3, frame(flow(3), flow(4)));
    assertFrame(sent.get(4), 5, frame(flow(5)));
    List<ReplayLogEntry> entries =
        List.of(replayLogEntry(sent.get(1)), replayLogEntry(sent.get(3)), replayLogEntry(sent.get(5)));
    assertThat(entries).extracting(ReplayLogEntry::file).containsExactly(NAME + "#1", NAME + "#2", NAME + "#3");
    assertThat(entries).extracting(ReplayLogEntry::source).containsOnly(NAME);
    assertThat(entries).extracting(ReplayLogEntry::batch).containsExactly(1, 2, 3);
    assertThat(entries).extracting(ReplayLogEntry::firstLine).containsExactly(1L, 3L, 5L);
    assertThat(entries).extracting(ReplayLogEntry::lastLine).containsExactly(2L, 4L, 5L);
    assertThat(entries).extracting(ReplayLogEntry::last).containsExactly(false, false, true);
  }

  @Test
  void aLineTooLargeGoesToFlowsRejectedAndCsvFramesSayTheirFormat() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    String tooLarge = "x".repeat(300);

    BatchSender.Batch batch =
        send(producer, settings(1_000, 100), lines(row(1), tooLarge, row(3)), 100, 1);

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(4);
    // The frame before the rejected line ends there: the lines of every frame stay consecutive.
    assertFrame(sent.get(0), 1, frame(row(1)));
    ProducerRecord<byte[], byte[]> rejected = sent.get(1);
    assertThat(rejected.topic()).isEqualTo(Topics.FLOWS_REJECTED.name());
    assertThat(rejected.key()).isNull();
    assertThat(rejected.value()).isEqualTo(tooLarge.substring(0, 100).getBytes(US_ASCII));
    assertThat(FlowHeaders.get(rejected.headers(), FlowHeaders.FILE)).isEqualTo(NAME);
    assertThat(FlowHeaders.get(rejected.headers(), FlowHeaders.LINE)).isEqualTo("2");
    assertThat(FlowHeaders.get(rejected.headers(), FlowHeaders.REASON)).isEqualTo("TOO_LARGE");
    assertThat(FlowHeaders.get(rejected.headers(), FlowHeaders.SIZE)).isEqualTo("300");
    assertFrame(sent.get(2), 3, frame(row(3)));
    for (ProducerRecord<byte[], byte[]> frame : List.of(sent.get(0), sent.get(2))) {
      assertThat(FlowHeaders.get(frame.headers(), FlowHeaders.FORMAT))
          .isEqualTo(FlowHeaders.FORMAT_CSV);
    }
    ReplayLogEntry entry = replayLogEntry(sent.get(3));
    assertThat(entry.records()).isEqualTo(2);
    assertThat(entry.frames()).isEqualTo(2);
    assertThat(entry.rejected()).isEqualTo(Map.of(RejectReason.TOO_LARGE, 1L));
    assertThat(batch.report().rejectedTotal()).isEqualTo(1);
  }

  @Test
  void aSendFailingMidBatchAbortsTheBatchAndSaysWhatFailed() {
    MockProducer<byte[], byte[]> producer =
        producer(true, 1, p -> p.sendException = new NotEnoughReplicasException("too few replicas"));

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1), flow(2), flow(3)), 1))
        .isInstanceOf(ReplayException.class)
        .hasMessage("sending " + NAME + " failed, its transaction is aborted: too few replicas")
        .hasCauseInstanceOf(NotEnoughReplicasException.class);
    assertNothingCommittedAndAborted(producer);
  }

  @Test
  void batchesOfSeveralSourcesShareTheOpenTransactionUntilItIsCommitted() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    BatchSender sender = new BatchSender(producer, settings(10, 100), ID, stop, 0);
    ReplayPlan.InputFile other = new ReplayPlan.InputFile(Path.of("time_2.json"), 10);

    BatchSender.Batch first;
    BatchSender.Batch second;
    try (RecordReader reader = reader(lines(timed("Comp1", "80", "172900"), flow(2)))) {
      first = sender.send(reader, SOURCE, 1, reader.next(), false);
    }
    try (RecordReader reader = reader(lines(flow(1)))) {
      second = sender.send(reader, other, 1, reader.next(), true);
    }
    assertThat(producer.transactionInFlight()).isTrue();
    assertThat(producer.history()).as("nothing visible before the commit").isEmpty();
    assertThat(sender.openLines()).isEqualTo(3);
    assertThat(sender.watermark()).as("committed watermark").isZero();

    assertThat(sender.commit()).containsExactly(first, second);

    assertThat(producer.commitCount()).isEqualTo(1);
    assertThat(sender.openLines()).isZero();
    assertThat(sender.watermark()).isEqualTo(172_900);
    assertThat(second.source()).isEqualTo(other);
    List<ReplayLogEntry> entries =
        producer.history().stream()
            .filter(r -> r.topic().equals(Topics.REPLAY_LOG.name()))
            .map(BatchSenderTest::replayLogEntry)
            .toList();
    assertThat(entries).extracting(ReplayLogEntry::file).containsExactly(NAME, "time_2.json");
    assertThat(entries).extracting(ReplayLogEntry::watermark).containsExactly(172_900L, 172_900L);
    assertThat(sender.commit()).as("nothing open").isEmpty();
  }

  @Test
  void aFailureInTheSecondBatchOfATransactionAbortsTheFirstToo() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    BatchSender sender = new BatchSender(producer, settings(1, 100), ID, stop, 0);
    try (RecordReader reader = reader(lines(flow(1)))) {
      sender.send(reader, SOURCE, 1, reader.next(), false);
    }
    stop.request();

    try (RecordReader reader = reader(lines(flow(2)))) {
      assertThatThrownBy(
              () ->
                  sender.send(
                      reader,
                      new ReplayPlan.InputFile(Path.of("time_2.json"), 10),
                      1,
                      reader.next(),
                      false))
          .isInstanceOf(InterruptedException.class)
          .hasMessage(
              "replay stopped: "
                  + NAME
                  + ", time_2.json were not committed (their transaction was aborted)");
    }
    assertNothingCommittedAndAborted(producer);
    assertThat(sender.openLines()).isZero();
  }

  @Test
  void aTransactionAbandonedBetweenTwoBatchesIsAborted() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    BatchSender sender = new BatchSender(producer, settings(1, 100), ID, stop, 0);
    try (RecordReader reader = reader(lines(flow(1)))) {
      sender.send(reader, SOURCE, 1, reader.next(), false);
    }

    sender.abandon(new IOException("the next source is gone"));

    assertNothingCommittedAndAborted(producer);
    assertThat(sender.commit()).isEmpty();
  }

  @Test
  void aSendWhoseCallbackFailsStopsTheBatchAtTheNextFrame() {
    MockProducer<byte[], byte[]> producer =
        producer(false, 1, p -> p.errorNext(new RecordTooLargeException("record too large")));

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1), flow(2), flow(3)), 1))
        .isInstanceOf(ReplayException.class)
        .hasMessage("a send failed, the file's transaction is aborted: record too large");
    assertNothingCommittedAndAborted(producer);
  }

  @Test
  void aCommitThatFailsAbortsTheBatch() {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    producer.commitTransactionException = new TimeoutException("commit timed out");

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1), flow(2)), 1))
        .isInstanceOf(ReplayException.class)
        .hasMessage("sending " + NAME + " failed, its transaction is aborted: commit timed out");
    assertNothingCommittedAndAborted(producer);
  }

  @Test
  void aProducerFencedBeforeTheBatchSaysAnotherOneTookOver() {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    producer.fenceProducer(); // what a second producer with the same transactional.id does

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1)), 1))
        .isInstanceOf(InputTakenOverException.class)
        .hasMessage(TAKEN_OVER)
        .hasCauseInstanceOf(ProducerFencedException.class)
        // A fenced producer cannot abort either: its failure rides along.
        .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
    assertThat(producer.history()).isEmpty();
    assertThat(producer.transactionCommitted()).isFalse();
  }

  @Test
  void aProducerFencedMidBatchCommitsNothingOfIt() {
    MockProducer<byte[], byte[]> producer = producer(true, 1, MockProducer::fenceProducer);

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1), flow(2)), 1))
        .isInstanceOf(InputTakenOverException.class)
        .hasMessage(TAKEN_OVER);
    assertThat(producer.history()).isEmpty();
    assertThat(producer.transactionCommitted()).isFalse();
  }

  @Test
  void fencingToldByASendCallbackIsToldAsFencing() {
    MockProducer<byte[], byte[]> producer =
        producer(false, 1, p -> p.errorNext(new InvalidProducerEpochException("old epoch")));

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1), flow(2)), 1))
        .isInstanceOf(InputTakenOverException.class)
        .hasMessage(TAKEN_OVER);
    assertNothingCommittedAndAborted(producer);
  }

  @Test
  void aStopRequestAbortsTheOpenBatch() {
    MockProducer<byte[], byte[]> producer = producer(true, 0, p -> {});
    stop.request();

    assertThatThrownBy(() -> send(producer, settings(1, 100), lines(flow(1)), 1))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("replay stopped: " + NAME + " was not committed (its transaction was aborted)");
    assertNothingCommittedAndAborted(producer);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  /**
   * Kafka's transactional MockProducer, {@code initTransactions} done, that calls {@code then}
   * right after send number {@code afterSends} (0: never): a failure in the middle of a batch.
   */
  private static MockProducer<byte[], byte[]> producer(
      boolean autoComplete, int afterSends, Consumer<MockProducer<byte[], byte[]>> then) {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer()) {
          private int sends;

          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<byte[], byte[]> record, Callback callback) {
            Future<RecordMetadata> sent = super.send(record, callback);
            if (++sends == afterSends) {
              then.accept(this);
            }
            return sent;
          }
        };
    producer.initTransactions();
    return producer;
  }

  /** Settings whose frames carry their lines as they came (--frames lines). */
  private static ProducerSettings settings(int linesPerRecord, int rowsPerBatch) {
    return settings(linesPerRecord, rowsPerBatch, FlowFrame.Form.LINES);
  }

  private static ProducerSettings settings(
      int linesPerRecord, int rowsPerBatch, FlowFrame.Form frames) {
    return ProducerSettings.builder("broker:9092", Path.of("data"))
        .linesPerRecord(linesPerRecord)
        .rowsPerBatch(rowsPerBatch)
        .frames(frames)
        .build();
  }

  private BatchSender.Batch send(
      MockProducer<byte[], byte[]> producer, ProducerSettings settings, String input, int number)
      throws Exception {
    return send(producer, settings, input, 1_000, number);
  }

  private BatchSender.Batch send(
      MockProducer<byte[], byte[]> producer,
      ProducerSettings settings,
      String input,
      int maxRecordBytes,
      int number)
      throws Exception {
    try (RecordReader reader = reader(input, maxRecordBytes)) {
      BatchSender sender = new BatchSender(producer, settings, ID, stop, 0);
      BatchSender.Batch batch = sender.send(reader, SOURCE, number, reader.next(), false);
      assertThat(sender.commit()).containsExactly(batch);
      return batch;
    }
  }

  private static RecordReader reader(String input) throws IOException {
    return reader(input, 1_000);
  }

  private static RecordReader reader(String input, int maxRecordBytes) throws IOException {
    return InputFiles.open(new ByteArrayInputStream(input.getBytes(UTF_8)), maxRecordBytes);
  }

  private static void assertNothingCommittedAndAborted(MockProducer<byte[], byte[]> producer) {
    assertThat(producer.transactionAborted()).as("aborted").isTrue();
    assertThat(producer.transactionCommitted()).as("committed").isFalse();
    assertThat(producer.history()).as("committed records").isEmpty();
  }

  private static void assertFrame(ProducerRecord<byte[], byte[]> record, long firstLine, byte[] value) {
    assertThat(record.topic()).isEqualTo(Topics.FLOWS.name());
    assertThat(record.key()).isEqualTo(FlowKey.encode(FlowKey.prefix(NAME), firstLine));
    assertThat(new String(record.value(), UTF_8)).isEqualTo(new String(value, UTF_8));
  }

  private static ReplayLogEntry replayLogEntry(ProducerRecord<byte[], byte[]> record) {
    assertThat(record.topic()).isEqualTo(Topics.REPLAY_LOG.name());
    assertThat(record.partition()).isEqualTo(ReplayLog.PARTITION.partition());
    ReplayLogEntry entry = ReplayLogEntry.fromJson(new String(record.value(), UTF_8));
    assertThat(new String(record.key(), UTF_8)).as("the key is the batch name").isEqualTo(entry.file());
    return entry;
  }

  private static String flow(int device) {
    return String.format(FLOW, device);
  }

  private static String row(int device) {
    return String.format(ROW, device);
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** A frame's value: its lines joined by line feeds. */
  private static byte[] frame(String... lines) {
    return String.join("\n", lines).getBytes(UTF_8);
  }

  private static String sha256(byte[]... frames) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      all.write(frame);
    }
    return HexFormat.of().formatHex(digest.digest(all.toByteArray()));
  }
}
