package io.flowrank.producer;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.input.RecordReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays flow files into Kafka (docs/design.md §1.2, §2): each source in batches of {@code
 * --rows-per-batch} lines, each batch's lines (judged or as they came) in {@code flows} (lines too
 * large for the broker cut into {@code flows-rejected} instead) and, last, the batch's {@code
 * flowrank-replay-log} entry, all in one Kafka transaction. Paced, a transaction holds one batch;
 * unpaced, a source's last batch shares its transaction with the next source's batches until it
 * holds {@code --rows-per-batch} lines (the notebook's 50 small files: 2 commits, not 50).
 *
 * <p>Guarantees: a {@code read_committed} reader sees a batch entirely or not at all, together with
 * its replay-log entry. A rerun first fences and aborts whatever an earlier run with the same
 * {@code transactional.id} (by default derived from the input's names, {@link TransactionalIds})
 * left open, then skips every source the replay log holds to its end and resumes the others after
 * their last committed batch: a crash at any moment followed by a rerun duplicates nothing and
 * loses nothing.
 *
 * <p>The rooms: {@link ReplayStartup} (sources, clients, replay log, plan), {@link BatchSender}
 * (one batch, one transaction), {@link ReplayFailures} (Kafka's failures as the user reads them),
 * {@link ReplayTally} (progress); this class is the loop that ties them.
 *
 * <p>Watching ({@code --watch}), the replayer stays up once the folder is replayed: it lists the
 * folder every {@value #WATCH_POLL_MILLIS} ms and replays the files it had not listed yet, each
 * listing as a run of its own would (in natural name order, its last source's transaction ending
 * the replay so far, §1.6), until stopped.
 *
 * <p>{@link #run()} may be called once. {@link #stop()} (or {@link #close()}, or interrupting the
 * running thread) ends it between two frames: the open transaction is aborted and {@code run}
 * throws {@link InterruptedException}; batches committed before stay committed. A watching replay
 * stopped while it waits for files ends normally, with what it replayed.
 */
public final class FlowReplayer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowReplayer.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  static final long WATCH_POLL_MILLIS = 100;

  private final ProducerSettings settings;
  private final ProgressListener progress;
  private final ReplayClients clients;
  private final AtomicBoolean ran = new AtomicBoolean();
  private final StopSignal stop = new StopSignal();
  private final CountDownLatch done = new CountDownLatch(1);
  // Unpaced, a source's last batch shares the transaction of the next source's batches until they
  // hold --rows-per-batch lines; paced, each batch is its own transaction (its own step).
  private final boolean grouped;

  public FlowReplayer(ProducerSettings settings, ProgressListener progress) {
    this(settings, progress, ReplayClients.of(settings));
  }

  /** A replayer on these clients (tests: Kafka's mocks). */
  FlowReplayer(ProducerSettings settings, ProgressListener progress, ReplayClients clients) {
    this.settings = settings;
    this.progress = progress;
    this.clients = clients;
    this.grouped = settings.filesPerSecond() == 0;
  }

  /**
   * Replays every input source not committed yet, in natural name order.
   *
   * @throws IOException when the input cannot be listed or read (the open transaction is aborted)
   * @throws InterruptedException when stopped or interrupted (the open transaction is aborted)
   * @throws ReplayException when Kafka fails: unreachable, refused, fenced, a send or a commit
   */
  public ReplayResult run() throws IOException, InterruptedException {
    if (!ran.compareAndSet(false, true)) {
      throw new IllegalStateException("a FlowReplayer runs once");
    }
    ReplayTally tally = new ReplayTally(progress);
    try {
      return replay(tally);
    } catch (IOException | InterruptedException | RuntimeException e) {
      tally.stopped();
      throw e;
    } finally {
      done.countDown();
    }
  }

  /** Asks a running replay to stop between two frames; returns at once. Safe from any thread. */
  public void stop() {
    stop.request();
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

  private ReplayResult replay(ReplayTally tally) throws IOException, InterruptedException {
    ReplayStartup startup = new ReplayStartup(settings, clients);
    ReplayStartup.Input input = startup.input();
    ReplayStartup.Opened opened = startup.open(input.transactionalId());
    Producer<byte[], byte[]> producer = opened.producer();
    try {
      ReplayPlan plan = ReplayStartup.plan(input.sources(), opened.committed());
      BatchSender sender =
          new BatchSender(producer, settings, input.transactionalId(), stop, plan.watermark());
      replayPlan(sender, plan, tally);
      if (settings.watch()) {
        watch(startup, sender, input.sources(), opened.committed(), tally);
      }
    } finally {
      // After a commit nothing is pending; the timeout bounds a close after a failure, when the
      // cluster may be gone.
      producer.close(CLOSE_TIMEOUT);
    }
    return tally.finished();
  }

  /** Sends what {@code plan} says to send, source after source, the last one ending the replay. */
  private void replayPlan(BatchSender sender, ReplayPlan plan, ReplayTally tally)
      throws IOException, InterruptedException {
    tally.started(plan);
    Pacer pacer = new Pacer(settings.filesPerSecond(), System::nanoTime, stop::sleep);
    pacer.start();
    List<ReplayPlan.Decision> toSend = plan.toSend();
    try {
      for (int i = 0; i < toSend.size(); i++) {
        stop.check();
        replaySource(sender, toSend.get(i), pacer, tally, i == toSend.size() - 1);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // Stopped between two batches of one transaction: what it holds is not visible.
      sender.abandon(e);
      throw e;
    }
  }

  /**
   * Lists the folder every {@value #WATCH_POLL_MILLIS} ms and replays the files not listed before
   * (those the replay log holds are skipped as in any run), until a stop request while it waits.
   *
   * @param listed the sources replayed or skipped so far
   * @param committed the replay log as read at the start
   */
  private void watch(
      ReplayStartup startup,
      BatchSender sender,
      List<ReplayPlan.InputFile> listed,
      Map<String, ReplayLogEntry> committed,
      ReplayTally tally)
      throws IOException, InterruptedException {
    Set<String> seen = new HashSet<>();
    listed.forEach(source -> seen.add(source.name()));
    LOG.info(
        "watching {} for new files (listed every {} ms; stop with Ctrl-C or SIGTERM)",
        settings.data(),
        WATCH_POLL_MILLIS);
    while (true) {
      try {
        stop.sleep(TimeUnit.MILLISECONDS.toNanos(WATCH_POLL_MILLIS));
      } catch (InterruptedException stopped) {
        LOG.info("stopped watching {}", settings.data());
        return;
      }
      List<ReplayPlan.InputFile> fresh = startup.sources(seen::add);
      if (!fresh.isEmpty()) {
        LOG.info("{} new files in {}", fresh.size(), settings.data());
        replayPlan(sender, ReplayStartup.plan(fresh, committed), tally);
      }
    }
  }

  /**
   * Sends a source from where the replay log says it stopped, batch after batch. The lines an
   * earlier run committed are read and passed over (a compressed file has no other way to its
   * middle).
   */
  private void replaySource(
      BatchSender sender,
      ReplayPlan.Decision source,
      Pacer pacer,
      ReplayTally tally,
      boolean lastSource)
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
    CountingInputStream reading = new CountingInputStream(open(file));
    tally.reading(reading);
    try (RecordReader reader = InputFiles.open(reading, settings.maxRecordBytes())) {
      boolean more = reader.next();
      while (more && reader.lineNumber() <= source.resumeAfterLine()) {
        more = reader.next();
      }
      if (!more && source.action() == ReplayPlan.Action.RESUME) {
        // Its committed batches ended exactly at its end, the run stopping before saying so: an
        // empty last batch closes it.
        LOG.warn(
            "{} has no line after line {}: closing it with an empty batch",
            file.name(),
            source.resumeAfterLine());
      }
      int batch = source.nextBatch();
      do {
        pacer.awaitTurn(tally.batchesCommitted());
        stop.check();
        BatchSender.Batch sent = sender.send(reader, file, batch, more, lastSource);
        more = sent.more();
        if (!grouped || more || lastSource || sender.openLines() >= settings.rowsPerBatch()) {
          committed(sender.commit(), tally);
        }
        batch++;
      } while (more);
    }
  }

  /** Tells the tally of the batches a transaction committed, and of the sources they ended. */
  private static void committed(List<BatchSender.Batch> batches, ReplayTally tally) {
    for (BatchSender.Batch batch : batches) {
      tally.batchCommitted(batch.report());
      if (!batch.more()) {
        tally.sourceDone(batch.source());
      }
    }
  }

  private static InputStream open(ReplayPlan.InputFile file) throws IOException {
    if (!file.isStdin()) {
      return Files.newInputStream(file.file());
    }
    return new FilterInputStream(System.in) {
      @Override
      public void close() {
        // standard input stays open: it is not ours
      }
    };
  }
}
