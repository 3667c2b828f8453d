package io.flowrank.producer;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.InputFormat;
import io.flowrank.core.input.Limits;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.RejectReason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays flow files into Kafka (DESIGN §2 "producer"): ONE Kafka transaction per file, holding
 * every non-blank line of the file unchanged in {@code flows} (lines too large for the broker cut
 * into {@code flows-rejected} instead) and, last, the file's {@code flowrank-replay-log} entry.
 *
 * <p>Guarantees: a {@code read_committed} reader sees a file entirely or not at all, together with
 * its replay-log entry. A rerun first fences and aborts whatever an earlier run with the same
 * {@code transactional.id} left open, then skips every file the replay log holds: a crash at any
 * moment followed by a rerun duplicates nothing and loses nothing.
 *
 * <p>{@link #run()} may be called once. {@link #stop()} (or {@link #close()}, or interrupting the
 * running thread) ends it between two lines: the open transaction is aborted and {@code run} throws
 * {@link InterruptedException}; files committed before stay committed.
 */
public final class FlowReplayer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowReplayer.class);
  private static final Duration REPLAY_LOG_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ProducerSettings settings;
  private final ProgressListener progress;
  private final AtomicBoolean ran = new AtomicBoolean();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);

  // Touched by the running thread only.
  private long startNanos;
  private long sendStartNanos;
  private int filesTotal;
  private int filesSkipped;
  private int filesCommitted;
  private int batchesCommitted;
  private long bytesTotal;
  private long bytesBefore;
  private CountingInputStream reading;
  private long records;
  private long rejected;
  private boolean reportedStart;
  private Map<String, ReplayLogEntry> committed = Map.of();

  public FlowReplayer(ProducerSettings settings, ProgressListener progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Replays every input file not committed yet, in natural name order.
   *
   * @throws IOException when the input cannot be listed or read (the open transaction is aborted)
   * @throws InterruptedException when stopped or interrupted (the open transaction is aborted)
   * @throws ReplayException when Kafka fails: unreachable, refused, fenced, a send or a commit
   */
  public ReplayResult run() throws IOException, InterruptedException {
    if (!ran.compareAndSet(false, true)) {
      throw new IllegalStateException("a FlowReplayer runs once");
    }
    startNanos = System.nanoTime();
    sendStartNanos = startNanos;
    try {
      return replay();
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (reportedStart) {
        progress.stopped(progress());
      }
      throw e;
    } finally {
      done.countDown();
    }
  }

  /** Asks a running replay to stop between two lines; returns at once. Safe from any thread. */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Stops a running replay and waits for it to abort its open transaction and close the producer,
   * at most 30 s. Meant for a shutdown hook as well as try-with-resources.
   */
  @Override
  public void close() {
    stop();
    if (!ran.get()) {
      return;
    }
    try {
      if (!done.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the replay did not stop within {}", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ReplayResult replay() throws IOException, InterruptedException {
    InputFiles input =
        settings.readsStdin()
            ? null
            : InputFiles.at(settings.data(), settings.maxRecordBytes());
    List<ReplayPlan.InputFile> files = new ArrayList<>();
    if (input == null) {
      files.add(ReplayPlan.InputFile.stdin(settings.stdinName()));
      bytesTotal = -1;
    } else {
      for (var file : input.files()) {
        long size = Files.size(file);
        files.add(new ReplayPlan.InputFile(file, size));
        bytesTotal += size;
      }
    }
    filesTotal = files.size();
    if (files.isEmpty()) {
      LOG.warn("no input files in {}", settings.data());
    }
    LOG.info(
        "replaying {} ({} sources, batches of {} lines) to {}",
        input == null ? "standard input as " + settings.stdinName() : settings.data(),
        files.size(),
        settings.rowsPerBatch(),
        settings.bootstrapServers());
    LOG.debug("producer config {}", settings.loggableProducerProperties());
    Producer<byte[], byte[]> producer = start();
    try {
      ReplayPlan plan = ReplayPlan.decide(files, committed);
      logSkipped(plan);
      filesSkipped = plan.skipped().size();
      for (ReplayPlan.Decision skipped : plan.skipped()) {
        bytesBefore += Math.max(0, skipped.file().bytes());
      }
      progress.started(filesTotal, filesSkipped);
      reportedStart = true;
      Pacer pacer =
          new Pacer(settings.filesPerSecond(), System::nanoTime, this::sleepUnlessStopped);
      pacer.start();
      sendStartNanos = System.nanoTime();
      for (ReplayPlan.Decision source : plan.toSend()) {
        checkStop();
        replaySource(producer, source, pacer);
        filesCommitted++;
        bytesBefore += Math.max(0, source.file().bytes());
        reading = null;
      }
    } finally {
      // After a commit nothing is pending; the timeout bounds a close after a failure, when the
      // cluster may be gone.
      producer.close(CLOSE_TIMEOUT);
    }
    ReplayResult result =
        new ReplayResult(
            filesCommitted, filesSkipped, records, rejected, elapsed(), batchesCommitted);
    progress.finished(result);
    return result;
  }

  /**
   * Sends a source from where the replay log says it stopped, in batches of {@code
   * --rows-per-batch} lines, each in its own transaction. The lines an earlier run committed are
   * read and passed over (a compressed file has no other way to its middle).
   */
  private void replaySource(Producer<byte[], byte[]> producer, ReplayPlan.Decision source, Pacer pacer)
      throws IOException, InterruptedException {
    ReplayPlan.InputFile file = source.file();
    if (source.action() == ReplayPlan.Action.RESUME) {
      LOG.info(
          "resuming {} after line {} (batch {} and on; {} committed earlier)",
          file.name(),
          source.resumeAfterLine(),
          source.nextBatch(),
          source.nextBatch() - 1);
    }
    InputStream raw =
        file.isStdin()
            ? new FilterInputStream(System.in) {
              @Override
              public void close() {
                // standard input stays open: it is not ours
              }
            }
            : Files.newInputStream(file.file());
    reading = new CountingInputStream(raw);
    try (RecordReader reader = InputFiles.open(reading, settings.maxRecordBytes())) {
      boolean more = reader.next();
      while (more && reader.lineNumber() <= source.resumeAfterLine()) {
        more = reader.next();
      }
      int batch = source.nextBatch();
      if (!more && source.action() == ReplayPlan.Action.RESUME) {
        // Its committed batches ended exactly at its end, the run stopping before saying so: an
        // empty last batch closes it.
        LOG.warn("{} has no line after line {}: closing it with an empty batch", file.name(), source.resumeAfterLine());
      }
      do {
        pacer.awaitTurn(batchesCommitted);
        checkStop();
        BatchReport report = sendBatch(producer, reader, file, batch, more);
        more = report.more();
        batchesCommitted++;
        records += report.file().records();
        rejected += report.file().rejectedTotal();
        progress.fileCommitted(report.file(), progress());
        batch++;
      } while (more);
    }
  }

  private void createTopics() throws InterruptedException {
    try (Admin admin = Admin.create(settings.adminProperties())) {
      TopicSetup.ensureTopics(admin, settings.partitions());
    } catch (ExecutionException e) {
      throw new ReplayException(
          "cannot create the topics at "
              + settings.bootstrapServers()
              + ": "
              + message(e.getCause()),
          e.getCause());
    } catch (KafkaException e) {
      throw new ReplayException(
          "cannot reach the cluster at " + settings.bootstrapServers() + ": " + message(e), e);
    }
  }

  /** A producer whose {@code initTransactions} fenced and aborted what an earlier run left open. */
  private Producer<byte[], byte[]> openProducer() {
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.producerProperties());
    try {
      producer.initTransactions();
      return producer;
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw new ReplayException(
          "cannot start the transactional producer '"
              + settings.transactionalId()
              + "' at "
              + settings.bootstrapServers()
              + ": "
              + message(e),
          e);
    }
  }

  /**
   * Opens the transactional producer and reads the replay log into {@link #committed}. The two run
   * side by side (each is a few round trips to the cluster, and together they were most of a short
   * replay's start-up): the producer's {@code initTransactions} on a thread of its own, the topic
   * check and the replay log here. Once {@code initTransactions} has aborted whatever a crashed run
   * left open, the log is read again to its new end, so no committed file hidden behind that
   * transaction is missed.
   */
  private Producer<byte[], byte[]> start() throws InterruptedException {
    CompletableFuture<Producer<byte[], byte[]>> opening =
        CompletableFuture.supplyAsync(
            this::openProducer,
            task -> {
              Thread thread = new Thread(task, "flowrank-producer-start");
              thread.setDaemon(true);
              thread.start();
            });
    try (Consumer<String, String> consumer =
        new KafkaConsumer<>(settings.replayLogConsumerProperties())) {
      ReplayLog log = new ReplayLog();
      try {
        createTopics();
        log.start(consumer);
        log.catchUp(consumer, REPLAY_LOG_TIMEOUT);
      } catch (KafkaException | IllegalStateException e) {
        throw new ReplayException("cannot read the replay log: " + message(e), e);
      }
      Producer<byte[], byte[]> producer = opened(opening);
      try {
        log.catchUp(consumer, REPLAY_LOG_TIMEOUT);
      } catch (KafkaException | IllegalStateException e) {
        throw new ReplayException("cannot read the replay log: " + message(e), e);
      }
      committed = log.entries();
      LOG.info("the replay log holds {} committed batches", committed.size());
      return producer;
    } catch (RuntimeException | InterruptedException e) {
      // Whatever failed here, the producer being opened must not outlive the replay.
      opening.thenAccept(producer -> producer.close(Duration.ZERO));
      throw e;
    }
  }

  private static Producer<byte[], byte[]> opened(
      CompletableFuture<Producer<byte[], byte[]>> opening) throws InterruptedException {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new ReplayException("cannot start the producer: " + message(e.getCause()), e.getCause());
    }
  }

  private void logSkipped(ReplayPlan plan) {
    List<ReplayPlan.Decision> skipped = plan.skipped();
    for (ReplayPlan.Decision decision : skipped) {
      ReplayPlan.InputFile file = decision.file();
      if (decision.action() == ReplayPlan.Action.SKIP_CHANGED) {
        LOG.warn(
            "{} changed since it was committed ({} bytes then, {} now); skipped anyway, a file is"
                + " never sent twice",
            file.name(),
            decision.committed().bytes(),
            file.bytes());
      } else {
        LOG.debug("skipping {}: committed earlier", file.name());
      }
    }
    if (!skipped.isEmpty()) {
      LOG.info(
          "skipping {} files committed earlier ({} .. {})",
          skipped.size(),
          skipped.get(0).file().name(),
          skipped.get(skipped.size() - 1).file().name());
    }
  }

  /** A committed batch, and whether its source goes on (the reader then holds its next line). */
  private record BatchReport(FileReport file, boolean more) {}

  /**
   * Sends one batch of a source and its replay-log entry in one transaction and commits it. {@code
   * more} says whether the reader holds a line (the batch's first); the batch ends after {@code
   * --rows-per-batch} lines or at the source's end, whichever comes first. A batch that ends its
   * source in batch 1 is the whole source, keyed by its name; otherwise it is {@code name#batch}.
   */
  private BatchReport sendBatch(
      Producer<byte[], byte[]> producer,
      RecordReader reader,
      ReplayPlan.InputFile source,
      int batchNumber,
      boolean more)
      throws IOException, InterruptedException {
    String name = source.name();
    byte[] sourceBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] keyPrefix = FlowKey.prefix(name);
    // What the batch sent to flows, hashed frame by frame (one update per frame, not per line).
    Sent sent = new Sent(sha256());
    long batchStart = System.nanoTime();
    long batchRecords = 0;
    long batchFrames = 0;
    long lines = 0;
    long firstLine = 0;
    long lastLine = 0;
    Map<RejectReason, Long> batchRejected = new EnumMap<>(RejectReason.class);
    SendFailure failure = new SendFailure();
    FramePacker frame = new FramePacker(settings.linesPerRecord(), FlowFrame.MAX_BYTES);
    String batch = name; // until the batch's end tells whether the source is one batch
    try {
      producer.beginTransaction();
      byte[] format = reader.format() == InputFormat.CSV ? CSV_FORMAT : null;
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
          batchFrames += send(producer, frame, keyPrefix, format, failure, sent);
          producer.send(tooLarge(sourceBytes, reader), failure);
          batchRejected.merge(RejectReason.TOO_LARGE, 1L, Long::sum);
        } else {
          boolean blank = FlowLineParser.isBlank(reader.buffer(), 0, length);
          if (!frame.fits(length)) {
            batchFrames += send(producer, frame, keyPrefix, format, failure, sent);
          }
          if (!blank) {
            frame.add(reader.buffer(), length, reader.lineNumber());
            batchRecords++;
          } else if (!frame.isEmpty()) {
            frame.add(reader.buffer(), length, reader.lineNumber()); // keeps the numbering
          }
        }
        more = reader.next();
        if (lines >= settings.rowsPerBatch()) {
          break;
        }
      }
      batchFrames += send(producer, frame, keyPrefix, format, failure, sent);
      boolean whole = batchNumber == 1 && !more;
      batch = whole ? name : ReplayLogEntry.batchKey(name, batchNumber);
      ReplayLogEntry entry =
          new ReplayLogEntry(
              batch,
              batchRecords,
              batchFrames,
              sent.bytes,
              HexFormat.of().formatHex(sent.digest.digest()),
              batchRejected,
              name,
              batchNumber,
              firstLine,
              lastLine,
              !more,
              source.bytes());
      producer.send(replayLog(entry), failure);
      producer.commitTransaction();
      return new BatchReport(
          new FileReport(
              batch,
              batchRecords,
              batchFrames,
              batchRejected,
              sent.bytes,
              Duration.ofNanos(System.nanoTime() - batchStart)),
          more);
    } catch (InterruptedException | InterruptException | ClosedByInterruptException e) {
      // Cleared so that the abort can wait for the coordinator.
      Thread.interrupted();
      abort(producer, batch, e);
      InterruptedException stopped =
          new InterruptedException(
              "replay stopped: " + batch + " was not committed (its transaction was aborted)");
      stopped.initCause(e);
      throw stopped;
    } catch (ReplayException e) {
      abort(producer, batch, e);
      throw e;
    } catch (KafkaException e) {
      ReplayException failed = failed(batch, e);
      abort(producer, batch, failed);
      throw failed;
    } catch (IOException | RuntimeException e) {
      abort(producer, batch, e);
      throw e;
    }
  }

  /** The frames a batch sent to flows so far: their SHA-256 and their size. */
  private static final class Sent {
    final MessageDigest digest;
    long bytes;

    Sent(MessageDigest digest) {
      this.digest = digest;
    }
  }
  private static final byte[] CSV_FORMAT = FlowHeaders.FORMAT_CSV.getBytes(StandardCharsets.US_ASCII);

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Sends the packed frame, if any, and checks for a stop request and an earlier failed send
   * (once per frame: a file stops within a frame of lines). Returns the frames sent, 0 or 1.
   */
  private int send(
      Producer<byte[], byte[]> producer,
      FramePacker frame,
      byte[] keyPrefix,
      byte[] format,
      SendFailure failure,
      Sent sent)
      throws InterruptedException {
    checkStop();
    failure.throwIfAny();
    if (frame.isEmpty()) {
      return 0;
    }
    // The key only says where the frame starts (FlowKey): the streams app does not count by it, and
    // the producer spreads records over the partitions whatever it is (partitioner.ignore.keys).
    byte[] key = FlowKey.encode(keyPrefix, frame.firstLine());
    byte[] value = frame.take();
    sent.digest.update(value);
    sent.bytes += value.length;
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.FLOWS.name(), key, value);
    if (format != null) {
      record.headers().add(FlowHeaders.FORMAT, format);
    }
    producer.send(record, failure);
    return 1;
  }

  private static ProducerRecord<byte[], byte[]> tooLarge(byte[] batch, RecordReader reader) {
    byte[] excerpt =
        Arrays.copyOf(reader.buffer(), Math.min(reader.length(), Limits.REJECTED_EXCERPT_BYTES));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(Topics.FLOWS_REJECTED.name(), null, excerpt);
    Headers headers = record.headers();
    headers.add(FlowHeaders.FILE, batch);
    headers.add(FlowHeaders.LINE, ascii(reader.lineNumber()));
    FlowHeaders.put(headers, FlowHeaders.REASON, RejectReason.TOO_LARGE.name());
    headers.add(FlowHeaders.SIZE, ascii(reader.size()));
    return record;
  }

  private static ProducerRecord<byte[], byte[]> replayLog(ReplayLogEntry entry) {
    String topic = Topics.REPLAY_LOG.name();
    byte[] key = Topics.REPLAY_LOG.keySerde().serializer().serialize(topic, entry.file());
    byte[] value = Topics.REPLAY_LOG.valueSerde().serializer().serialize(topic, entry.toJson());
    // Partition 0 explicitly: the log is read from there, whatever its partition count.
    return new ProducerRecord<>(topic, ReplayLog.PARTITION.partition(), key, value);
  }

  private static byte[] ascii(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }

  /** Aborts the open transaction when the producer still can; a failure to abort rides along. */
  private static void abort(Producer<byte[], byte[]> producer, String batch, Exception cause) {
    try {
      producer.abortTransaction();
      LOG.info("aborted the transaction of {}: nothing of it is visible", batch);
    } catch (KafkaException abortFailure) {
      cause.addSuppressed(abortFailure);
    }
  }

  private ReplayException failed(String batch, Throwable e) {
    if (isFenced(e)) {
      return new ReplayException(
          "another producer with transactional.id '"
              + settings.transactionalId()
              + "' started; this one was fenced while sending "
              + batch
              + " and stops",
          e);
    }
    return new ReplayException(
        "sending " + batch + " failed, its transaction is aborted: " + message(e), e);
  }

  private static boolean isFenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private void checkStop() throws InterruptedException {
    if (stopRequested.getCount() == 0 || Thread.interrupted()) {
      throw new InterruptedException("replay stopped");
    }
  }

  private void sleepUnlessStopped(long nanos) throws InterruptedException {
    if (stopRequested.await(nanos, TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("replay stopped");
    }
  }

  /** The rate shown while replaying counts from the first file, not from connecting. */
  private ReplayProgress progress() {
    CountingInputStream current = reading;
    return new ReplayProgress(
        filesSkipped + filesCommitted,
        filesTotal,
        records,
        rejected,
        Duration.ofNanos(System.nanoTime() - sendStartNanos),
        batchesCommitted,
        bytesBefore + (current == null ? 0 : current.count()),
        bytesTotal);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String message(Throwable e) {
    return e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
  }

  /**
   * Keeps the first failed send of a transaction, so the file stops at once instead of at commit.
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
        throw new ReplayException(
            isFenced(e)
                ? "another producer with transactional.id '"
                    + settings.transactionalId()
                    + "' started; this one was fenced and stops"
                : "a send failed, the file's transaction is aborted: " + message(e),
            e);
      }
    }
  }
}
