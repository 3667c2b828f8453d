package io.flowrank.producer;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.input.Limits;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.kafka.DeviceFrames;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.JudgedFrame;
import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.time.WindowClock;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches of sources into a Kafka transaction and commits it: each batch's lines, judged
 * ({@link JudgedFrame}) or unchanged, packed into frames in {@code flows} (a line too large for
 * the broker cut into {@code flows-rejected} as {@code TOO_LARGE} instead), then, last, the
 * batch's replay-log record. A transaction holds one batch, or several small ones in a row when
 * the replayer groups them ({@link FlowReplayer}); a {@code read_committed} reader sees each batch
 * whole, with its record, or nothing of it (docs/design.md, "Exactly once").
 *
 * <p>Each frame carries the data-time watermark before its first line ({@link
 * FlowHeaders#WATERMARK}): the producer is the one process that reads the replay in its order, so
 * it judges every line with the core rules and keeps the largest valid {@code time} of the web
 * flows sent so far, across batches; a batch's replay-log entry records the watermark after it.
 *
 * <p>On any failure the transaction is aborted and the failure thrown as the user reads it ({@link
 * ReplayFailures}); a stop request ends the batch between two frames, aborted, as an {@link
 * InterruptedException}. The producer comes from outside with {@code initTransactions} done, and
 * stays open.
 */
final class BatchSender {

  // Logs as the replayer: the lines users see keep the source they always had.
  private static final Logger LOG = LoggerFactory.getLogger(FlowReplayer.class);
  private static final byte[] CSV_FORMAT =
      FlowHeaders.FORMAT_CSV.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JUDGED_FORMAT =
      FlowHeaders.FORMAT_JUDGED.getBytes(StandardCharsets.US_ASCII);

  /**
   * A batch sent.
   *
   * @param report what it sent
   * @param source its source
   * @param more whether its source goes on; the reader then holds the next batch's first line
   */
  record Batch(FileReport report, ReplayPlan.InputFile source, boolean more) {}

  private final Producer<byte[], byte[]> producer;
  private final int linesPerRecord;
  private final int rowsPerBatch;
  private final ReplayFailures failures;
  private final StopSignal stop;
  private final FlowRules rules;
  private final boolean judged;
  private final FlowFields fields = new FlowFields();
  // The batches sent in the open transaction; empty when none is open.
  private final List<Batch> open = new ArrayList<>();
  // The first failed send of the open transaction.
  private SendFailure failure;
  // The watermark after the last batch committed, and after the last one sent.
  private long watermark;
  private long sentWatermark;
  // The partitions of flows, asked at the first judged batch (-1 before): its frames go to their
  // devices' partitions; none known (a mock without the topic), to the producer's choice.
  private int flowsPartitions = -1;

  /**
   * @param transactionalId the producer's, for the messages of its failures
   * @param watermark the data-time watermark before the first batch sent
   */
  BatchSender(
      Producer<byte[], byte[]> producer,
      ProducerSettings settings,
      String transactionalId,
      StopSignal stop,
      long watermark) {
    this.producer = producer;
    this.linesPerRecord = settings.linesPerRecord();
    this.rowsPerBatch = settings.rowsPerBatch();
    this.failures = new ReplayFailures(settings, transactionalId);
    this.stop = stop;
    this.rules = new FlowRules(settings.webPorts());
    this.judged = settings.judgedFrames();
    this.watermark = watermark;
    this.sentWatermark = watermark;
  }

  /** The data-time watermark after the last batch committed. */
  long watermark() {
    return watermark;
  }

  private int flowsPartitions() {
    if (flowsPartitions < 0) {
      flowsPartitions = producer.partitionsFor(Topics.FLOWS.name()).size();
    }
    return flowsPartitions;
  }

  /**
   * Sends batch {@code number} of {@code source}, from the reader's current line on, with its
   * replay-log record, into the open transaction (begun here when none is): the batch is committed
   * by the next {@link #commit()}, together with the batches sent before it since the last one. The
   * batch ends after {@code --rows-per-batch} lines or at the source's end, whichever comes first.
   * A batch 1 that ends its source is the whole source, named by it; any other is named {@code
   * name#number}.
   *
   * @param more whether the reader holds a line (the batch's first); false sends an empty batch,
   *     which ends its source
   * @param lastSource whether the source is the replay's last: its last batch's transaction ends
   *     the replay ({@link #sendEnd})
   * @throws ReplayException when Kafka fails (the open transaction aborted)
   * @throws InterruptedException when stopped (the open transaction aborted)
   */
  Batch send(
      RecordReader reader,
      ReplayPlan.InputFile source,
      int number,
      boolean more,
      boolean lastSource)
      throws IOException, InterruptedException {
    String batch = source.name(); // until the batch's end tells whether the source is one batch
    try {
      if (open.isEmpty()) {
        producer.beginTransaction();
        failure = new SendFailure();
      }
      Transaction transaction = new Transaction(source, reader.format());
      more = transaction.sendLines(reader, more);
      batch = number == 1 && !more ? source.name() : ReplayLogEntry.batchKey(source.name(), number);
      ReplayLogEntry entry = transaction.entry(batch, number, !more);
      if (!more && lastSource) {
        sendEnd(transaction.watermark, failure);
      }
      producer.send(replayLog(entry), failure);
      sentWatermark = transaction.watermark;
      Batch sent = new Batch(transaction.report(batch), source, more);
      open.add(sent);
      return sent;
    } catch (InterruptedException | InterruptException | ClosedByInterruptException e) {
      throw stopped(withOpen(batch), e);
    } catch (ReplayException e) {
      abort(withOpen(batch), e);
      throw e;
    } catch (KafkaException e) {
      throw failed(withOpen(batch), e);
    } catch (IOException | RuntimeException e) {
      abort(withOpen(batch), e);
      throw e;
    }
  }

  /**
   * Commits the open transaction; returns the batches it held, in the order sent (none when no
   * transaction is open).
   *
   * @throws ReplayException when Kafka fails (the transaction aborted)
   * @throws InterruptedException when stopped (the transaction aborted)
   */
  List<Batch> commit() throws InterruptedException {
    if (open.isEmpty()) {
      return List.of();
    }
    List<String> batches = openNames();
    try {
      producer.commitTransaction();
    } catch (InterruptException e) {
      throw stopped(batches, e);
    } catch (KafkaException e) {
      throw failed(batches, e);
    }
    List<Batch> committed = List.copyOf(open);
    open.clear();
    watermark = sentWatermark;
    return committed;
  }

  /** The lines sent in the open transaction (0 when none is open). */
  long openLines() {
    long lines = 0;
    for (Batch sent : open) {
      lines += sent.report().records();
    }
    return lines;
  }

  /**
   * Aborts the open transaction, if any, after {@code cause} stopped the replay between two batches
   * (a stop request, an input that cannot be read); the abort's own failure rides along.
   */
  void abandon(Exception cause) {
    if (!open.isEmpty()) {
      abort(openNames(), cause);
    }
  }

  private InterruptedException stopped(List<String> batches, Exception e) {
    // Cleared so that the abort can wait for the coordinator.
    Thread.interrupted();
    InterruptedException stopped = ReplayFailures.stopped(batches, e);
    abort(batches, stopped);
    return stopped;
  }

  private ReplayException failed(List<String> batches, KafkaException e) {
    ReplayException failed = failures.batchFailed(batches, e);
    abort(batches, failed);
    return failed;
  }

  /** The batches of the open transaction, and {@code batch} being sent in it, for messages. */
  private List<String> withOpen(String batch) {
    List<String> batches = new ArrayList<>(openNames());
    batches.add(batch);
    return batches;
  }

  private List<String> openNames() {
    return open.stream().map(sent -> sent.report().file()).toList();
  }

  /**
   * Ends the replay, in the transaction of its last batch (so a reader that sees the batch in the
   * replay log sees the end too): one record to each partition of {@code flows}, holding no line,
   * with the watermark reached and the {@link FlowHeaders#END} header. The streams app then knows
   * that no earlier window can gain a flow of this input, so the events waiting for that go out
   * (docs/design.md, "Time").
   */
  private void sendEnd(long watermark, Callback failure) {
    int partitions = producer.partitionsFor(Topics.FLOWS.name()).size();
    for (int partition = 0; partition < partitions; partition++) {
      ProducerRecord<byte[], byte[]> end =
          new ProducerRecord<>(Topics.FLOWS.name(), partition, null, new byte[0]);
      end.headers().add(FlowHeaders.WATERMARK, FlowHeaders.decimal(watermark));
      end.headers().add(FlowHeaders.END, TRUE);
      producer.send(end, failure);
    }
  }

  private static final byte[] TRUE = "true".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Aborts the open transaction when the producer still can; a failure to abort rides along. Every
   * batch sent in it, {@code batches}, is then as if never sent.
   */
  private void abort(List<String> batches, Exception cause) {
    open.clear();
    sentWatermark = watermark;
    try {
      producer.abortTransaction();
      LOG.info(
          "aborted the transaction of {}: nothing of it is visible", String.join(", ", batches));
    } catch (KafkaException abortFailure) {
      cause.addSuppressed(abortFailure);
    }
  }

  /** The open transaction of one batch: what it sent so far. */
  private final class Transaction {

    private final ReplayPlan.InputFile source;
    private final byte[] sourceName;
    private final byte[] keyPrefix;
    private final byte[] format;
    // One of the two: the frame's lines as they came, or judged, one frame per partition.
    private final FramePacker frame;
    private final DeviceFrames judgedFrames;
    private final long started = System.nanoTime();
    // What the batch sent to flows, hashed frame by frame (one update per frame, not per line).
    private final MessageDigest digest = sha256();
    private long bytes;
    private long records;
    private long frames;
    private long firstLine;
    private long lastLine;
    private final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    // The watermark after the last line judged, and the one before the packed frame's first line
    // (of text; each judged frame keeps its own).
    private long watermark = sentWatermark;
    private long frameWatermark;

    Transaction(ReplayPlan.InputFile source, InputFormat inputFormat) {
      this.source = source;
      this.sourceName = source.name().getBytes(StandardCharsets.UTF_8);
      this.keyPrefix = FlowKey.prefix(source.name());
      if (judged) {
        this.format = JUDGED_FORMAT;
        this.frame = null;
        int partitions = flowsPartitions();
        this.judgedFrames =
            new DeviceFrames(
                inputFormat,
                rules,
                Math.max(1, partitions),
                linesPerRecord,
                (partition, first, stamp, value) ->
                    send(partitions > 0 ? partition : null, first, stamp, value));
      } else {
        this.format = inputFormat == InputFormat.CSV ? CSV_FORMAT : null;
        this.frame = new FramePacker(linesPerRecord, FlowFrame.MAX_BYTES);
        this.judgedFrames = null;
      }
    }

    /** Sends the batch's lines; returns whether the source goes on after them. */
    boolean sendLines(RecordReader reader, boolean more) throws IOException, InterruptedException {
      long lines = 0;
      while (more) {
        int length = reader.length();
        if (firstLine == 0) {
          firstLine = reader.lineNumber();
        }
        lastLine = reader.lineNumber();
        lines++;
        if (reader.truncated()) {
          // Cut into the rejected topic; the frame before it ends here, so that the lines of
          // every frame stay consecutive.
          sendFrame();
          producer.send(tooLarge(reader), failure);
          rejected.merge(RejectReason.TOO_LARGE, 1L, Long::sum);
        } else if (judged) {
          judgeInto(reader, length);
        } else {
          boolean blank = FlowLineParser.isBlank(reader.buffer(), 0, length);
          if (!frame.fits(length)) {
            sendFrame();
          }
          if (!blank) {
            if (frame.isEmpty()) {
              frameWatermark = watermark;
            }
            frame.add(reader.buffer(), length, reader.lineNumber());
            records++;
            if (rules.judge(reader.format(), reader.buffer(), 0, length, fields).isWebFlow()) {
              watermark = WindowClock.advance(watermark, fields);
            }
          } else if (!frame.isEmpty()) {
            frame.add(reader.buffer(), length, reader.lineNumber()); // keeps the numbering
          }
        }
        more = reader.next();
        if (lines >= rowsPerBatch) {
          break;
        }
      }
      sendFrame();
      return more;
    }

    /**
     * Judges a line into the judged frame of its partition: a web flow or another flow as the rules
     * found it, a rejected line as it came (the streams app gives it its reason and number); a
     * blank line is only a place.
     */
    private void judgeInto(RecordReader reader, int length) throws InterruptedException {
      byte[] line = reader.buffer();
      if (FlowLineParser.isBlank(line, 0, length)) {
        return;
      }
      records++;
      Verdict verdict =
          judgedFrames.judge(line, length, reader.lineNumber(), watermark, fields);
      if (verdict.isWebFlow()) {
        watermark = WindowClock.advance(watermark, fields);
      }
    }

    /**
     * Sends the packed frame, or every open judged frame, if any, after checking for a stop request
     * and an earlier failed send.
     */
    private void sendFrame() throws InterruptedException {
      stop.check();
      failure.throwIfAny();
      if (judged) {
        judgedFrames.sendAll(watermark);
      } else if (!frame.isEmpty()) {
        long first = frame.firstLine();
        send(null, first, frameWatermark, frame.take());
      }
    }

    /**
     * Sends a frame to {@code partition} of {@code flows} (null: the producer's choice), after
     * checking for a stop request and an earlier failed send (once per frame: a batch stops within
     * a frame of lines).
     */
    private void send(Integer partition, long firstLine, long stamp, byte[] value)
        throws InterruptedException {
      stop.check();
      failure.throwIfAny();
      // The key only says where the frame starts (FlowKey): the streams app does not count by it,
      // and the producer spreads frames of text over the partitions whatever it is
      // (partitioner.ignore.keys).
      byte[] key = FlowKey.encode(keyPrefix, firstLine);
      digest.update(value);
      bytes += value.length;
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(Topics.FLOWS.name(), partition, key, value);
      if (format != null) {
        record.headers().add(FlowHeaders.FORMAT, format);
      }
      record.headers().add(FlowHeaders.WATERMARK, FlowHeaders.decimal(stamp));
      producer.send(record, failure);
      frames++;
    }

    private ProducerRecord<byte[], byte[]> tooLarge(RecordReader reader) {
      byte[] excerpt =
          Arrays.copyOf(reader.buffer(), Math.min(reader.length(), Limits.REJECTED_EXCERPT_BYTES));
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(Topics.FLOWS_REJECTED.name(), null, excerpt);
      Headers headers = record.headers();
      headers.add(FlowHeaders.FILE, sourceName);
      headers.add(FlowHeaders.LINE, ascii(reader.lineNumber()));
      FlowHeaders.put(headers, FlowHeaders.REASON, RejectReason.TOO_LARGE.name());
      headers.add(FlowHeaders.SIZE, ascii(reader.size()));
      return record;
    }

    /** The batch's replay-log entry, once its lines are sent; the digest is done after. */
    ReplayLogEntry entry(String batch, int number, boolean last) {
      return new ReplayLogEntry(
          batch,
          records,
          frames,
          bytes,
          HexFormat.of().formatHex(digest.digest()),
          rejected,
          source.name(),
          number,
          firstLine,
          lastLine,
          last,
          source.bytes(),
          watermark);
    }

    FileReport report(String batch) {
      return new FileReport(
          batch, records, frames, rejected, bytes, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * Keeps the first failed send of a transaction, so the batch stops at once instead of at commit.
   */
  private final class SendFailure implements Callback {

    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        first.compareAndSet(null, exception);
      }
    }

    void throwIfAny() {
      Exception e = first.get();
      if (e != null) {
        throw failures.sendFailed(e);
      }
    }
  }

  private static ProducerRecord<byte[], byte[]> replayLog(ReplayLogEntry entry) {
    String topic = Topics.REPLAY_LOG.name();
    byte[] key = Topics.REPLAY_LOG.keySerde().serializer().serialize(topic, entry.file());
    byte[] value = Topics.REPLAY_LOG.valueSerde().serializer().serialize(topic, entry.toJson());
    // Partition 0 explicitly: the log is read from there, whatever its partition count.
    return new ProducerRecord<>(topic, ReplayLog.PARTITION.partition(), key, value);
  }

  /** A new SHA-256 digest (every Java platform has one). */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static byte[] ascii(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }
}
