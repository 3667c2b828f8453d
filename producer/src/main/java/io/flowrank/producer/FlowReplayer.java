package io.flowrank.producer;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.RejectReason;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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
    InputFiles input = InputFiles.at(settings.data(), settings.maxRecordBytes());
    List<ReplayPlan.InputFile> files = new ArrayList<>(input.files().size());
    for (var file : input.files()) {
      files.add(new ReplayPlan.InputFile(file, Files.size(file)));
    }
    filesTotal = files.size();
    if (files.isEmpty()) {
      LOG.warn("no input files in {}", settings.data());
    }
    LOG.info(
        "replaying {} ({} files) to {}",
        settings.data(),
        files.size(),
        settings.bootstrapServers());
    LOG.debug("producer config {}", settings.loggableProducerProperties());
    Producer<byte[], byte[]> producer = start();
    try {
      ReplayPlan plan = ReplayPlan.decide(files, committed);
      logSkipped(plan);
      filesSkipped = plan.skipped().size();
      progress.started(filesTotal, filesSkipped);
      reportedStart = true;
      Pacer pacer =
          new Pacer(settings.filesPerSecond(), System::nanoTime, this::sleepUnlessStopped);
      pacer.start();
      sendStartNanos = System.nanoTime();
      List<ReplayPlan.InputFile> toReplay = plan.toReplay();
      for (int i = 0; i < toReplay.size(); i++) {
        pacer.awaitTurn(i);
        checkStop();
        FileReport report = replayFile(producer, input, toReplay.get(i));
        filesCommitted++;
        records += report.records();
        rejected += report.rejectedTotal();
        progress.fileCommitted(report, progress());
      }
    } finally {
      // After a commit nothing is pending; the timeout bounds a close after a failure, when the
      // cluster may be gone.
      producer.close(CLOSE_TIMEOUT);
    }
    ReplayResult result =
        new ReplayResult(filesCommitted, filesSkipped, records, rejected, elapsed());
    progress.finished(result);
    return result;
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
      LOG.info("the replay log holds {} committed files", committed.size());
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
            file.batchName(),
            decision.committed().bytes(),
            file.bytes());
      } else {
        LOG.debug("skipping {}: committed earlier", file.batchName());
      }
    }
    if (!skipped.isEmpty()) {
      LOG.info(
          "skipping {} files committed earlier ({} .. {})",
          skipped.size(),
          skipped.get(0).file().batchName(),
          skipped.get(skipped.size() - 1).file().batchName());
    }
  }

  /** Sends one file and its replay-log entry in one transaction and commits it. */
  private FileReport replayFile(
      Producer<byte[], byte[]> producer, InputFiles input, ReplayPlan.InputFile file)
      throws IOException, InterruptedException {
    String batch = file.batchName();
    byte[] batchBytes = batch.getBytes(StandardCharsets.UTF_8);
    byte[] keyPrefix = FlowKey.prefix(batch);
    long fileStart = System.nanoTime();
    long fileRecords = 0;
    long fileFrames = 0;
    Map<RejectReason, Long> fileRejected = new EnumMap<>(RejectReason.class);
    SendFailure failure = new SendFailure();
    FramePacker frame = new FramePacker(settings.linesPerRecord(), FlowFrame.MAX_BYTES);
    try {
      producer.beginTransaction();
      HashingInputStream hashing = new HashingInputStream(Files.newInputStream(file.file()));
      try (RecordReader reader = input.open(hashing)) {
        while (reader.next()) {
          int length = reader.length();
          if (reader.truncated()) {
            // Cut into the rejected topic; the frame before it ends here, so that the lines of
            // every frame stay consecutive.
            fileFrames += send(producer, frame, keyPrefix, failure);
            producer.send(tooLarge(batchBytes, reader), failure);
            fileRejected.merge(RejectReason.TOO_LARGE, 1L, Long::sum);
            continue;
          }
          boolean blank = FlowLineParser.isBlank(reader.buffer(), 0, length);
          if (!frame.fits(length)) {
            fileFrames += send(producer, frame, keyPrefix, failure);
          }
          if (!blank) {
            frame.add(reader.buffer(), length, reader.lineNumber());
            fileRecords++;
          } else if (!frame.isEmpty()) {
            frame.add(reader.buffer(), length, reader.lineNumber()); // keeps the numbering
          }
        }
      }
      fileFrames += send(producer, frame, keyPrefix, failure);
      ReplayLogEntry entry =
          new ReplayLogEntry(
              batch, fileRecords, fileFrames, hashing.count(), hashing.sha256Hex(), fileRejected);
      producer.send(replayLog(entry), failure);
      producer.commitTransaction();
      return new FileReport(
          batch,
          fileRecords,
          fileFrames,
          fileRejected,
          hashing.count(),
          Duration.ofNanos(System.nanoTime() - fileStart));
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

  /**
   * Sends the packed frame, if any, and checks for a stop request and an earlier failed send
   * (once per frame: a file stops within a frame of lines). Returns the frames sent, 0 or 1.
   */
  private int send(
      Producer<byte[], byte[]> producer, FramePacker frame, byte[] keyPrefix, SendFailure failure)
      throws InterruptedException {
    checkStop();
    failure.throwIfAny();
    if (frame.isEmpty()) {
      return 0;
    }
    // The key only says where the frame starts (FlowKey): the streams app does not count by it, and
    // the producer spreads records over the partitions whatever it is (partitioner.ignore.keys).
    byte[] key = FlowKey.encode(keyPrefix, frame.firstLine());
    producer.send(new ProducerRecord<>(Topics.FLOWS.name(), key, frame.take()), failure);
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
    return new ReplayProgress(
        filesSkipped + filesCommitted,
        filesTotal,
        records,
        rejected,
        Duration.ofNanos(System.nanoTime() - sendStartNanos));
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
