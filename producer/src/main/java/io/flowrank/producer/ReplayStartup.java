package io.flowrank.producer;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.ReplayLogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replay does before its first batch: lists the input sources and names its {@code
 * transactional.id} after them ({@link ProducerSettings#transactionalId(List)}), opens the
 * transactional producer, makes sure the topics exist, reads the replay log and decides from it the
 * {@link ReplayPlan} (what is skipped, what resumes where).
 *
 * <p>The producer's {@code initTransactions} fences and aborts whatever an earlier run with the
 * same {@code transactional.id} left open: a crashed run of the same input, or one still sending
 * it, which stops ({@link InputTakenOverException}). It runs on a thread of its own while the
 * topics are checked and the replay log read here (each is a few round trips to the cluster;
 * together they were most of a short replay's start-up). Once it is done, the log is read again, to
 * its high watermark: a batch committed just behind the transaction it aborted, or behind a
 * transaction another producer (another input) still has open on the log, is not missed.
 */
final class ReplayStartup {

  // Logs as the replayer: the lines users see keep the source they always had.
  private static final Logger LOG = LoggerFactory.getLogger(FlowReplayer.class);
  private static final Duration REPLAY_LOG_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The input found.
   *
   * @param sources its sources in replay order
   * @param transactionalId the replay's {@code transactional.id}
   */
  record Input(List<ReplayPlan.InputFile> sources, String transactionalId) {}

  /**
   * The clients opened.
   *
   * @param producer the transactional producer, {@code initTransactions} done; the caller closes it
   * @param committed the replay log's committed entries, by batch name
   */
  record Opened(Producer<byte[], byte[]> producer, Map<String, ReplayLogEntry> committed) {}

  private final ProducerSettings settings;
  private final ReplayClients clients;

  ReplayStartup(ProducerSettings settings, ReplayClients clients) {
    this.settings = settings;
    this.clients = clients;
  }

  /**
   * The input sources in replay order (natural name order), or standard input alone, and the
   * transactional id of the replay, derived from their names unless one was given.
   */
  Input input() throws IOException {
    List<ReplayPlan.InputFile> sources = sources();
    if (sources.isEmpty() && !settings.watch()) {
      LOG.warn("no input files in {}", settings.data());
    }
    String transactionalId =
        settings.transactionalId(sources.stream().map(ReplayPlan.InputFile::name).toList());
    LOG.info(
        "replaying {} ({} sources, batches of {} lines) to {} as transactional id {}",
        settings.readsStdin() ? "standard input as " + settings.stdinName() : settings.data(),
        sources.size(),
        settings.rowsPerBatch(),
        settings.bootstrapServers(),
        transactionalId);
    LOG.debug("producer config {}", settings.loggableProducerProperties(transactionalId));
    return new Input(sources, transactionalId);
  }

  /** The input sources as they are now, in replay order: standard input, or the files found. */
  List<ReplayPlan.InputFile> sources() throws IOException {
    return sources(name -> true);
  }

  /**
   * The same, of the sources whose batch name {@code wanted} takes (watching: the files not listed
   * before, so only they are asked their size).
   */
  List<ReplayPlan.InputFile> sources(Predicate<String> wanted)
      throws IOException {
    List<ReplayPlan.InputFile> sources = new ArrayList<>();
    if (settings.readsStdin()) {
      if (wanted.test(settings.stdinName())) {
        sources.add(ReplayPlan.InputFile.stdin(settings.stdinName()));
      }
    } else {
      for (var file : InputFiles.at(settings.data(), settings.maxRecordBytes()).files()) {
        if (wanted.test(InputFiles.batchName(file))) {
          sources.add(new ReplayPlan.InputFile(file, Files.size(file)));
        }
      }
    }
    return sources;
  }

  /**
   * Opens the producer and reads the replay log, side by side (see the class comment).
   *
   * @param transactionalId the replay's, {@link Input#transactionalId()}
   * @throws ReplayException when Kafka fails; the producer, if it was opened, is closed
   */
  Opened open(String transactionalId) throws InterruptedException {
    ReplayFailures failures = new ReplayFailures(settings, transactionalId);
    CompletableFuture<Producer<byte[], byte[]>> opening =
        CompletableFuture.supplyAsync(
            () -> openProducer(transactionalId, failures),
            task -> {
              Thread thread = new Thread(task, "flowrank-producer-start");
              thread.setDaemon(true);
              thread.start();
            });
    try (Consumer<String, String> consumer = clients.replayLogConsumer()) {
      ReplayLog log = new ReplayLog();
      try {
        createTopics(failures);
        log.start(consumer);
        log.catchUp(consumer, REPLAY_LOG_TIMEOUT);
      } catch (KafkaException | IllegalStateException e) {
        throw failures.replayLogUnread(e);
      }
      Producer<byte[], byte[]> producer = opened(opening, failures);
      try {
        readToHighWatermark(consumer, log);
      } catch (KafkaException | IllegalStateException e) {
        throw failures.replayLogUnread(e);
      }
      Map<String, ReplayLogEntry> committed = log.entries();
      LOG.info("the replay log holds {} committed batches", committed.size());
      return new Opened(producer, committed);
    } catch (RuntimeException | InterruptedException e) {
      // Whatever failed here, the producer being opened must not outlive the replay.
      opening.thenAccept(producer -> producer.close(Duration.ZERO));
      throw e;
    } finally {
      clients.close();
    }
  }

  /**
   * Reads the log on to its high watermark, which waits for every transaction open on it to end:
   * with producers of other inputs at work (each its own transactional id), the last stable offset
   * may stop at one of theirs, with an entry of this input committed after it. Without such a
   * transaction, the high watermark taken first is at or below the last stable offset read next,
   * and nothing is waited for.
   */
  private void readToHighWatermark(Consumer<String, String> consumer, ReplayLog log)
      throws InterruptedException {
    long end = clients.replayLogEnd(REPLAY_LOG_TIMEOUT);
    log.catchUp(consumer, REPLAY_LOG_TIMEOUT);
    if (consumer.position(ReplayLog.PARTITION, REPLAY_LOG_TIMEOUT) < end) {
      LOG.info(
          "waiting for the transactions open on the replay log to end (another producer's, or one"
              + " a crashed producer left until its transaction.timeout.ms)");
    }
    log.catchUpTo(consumer, end, REPLAY_LOG_TIMEOUT);
  }

  /** Decides what to send of {@code sources} and logs what is skipped. */
  static ReplayPlan plan(List<ReplayPlan.InputFile> sources, Map<String, ReplayLogEntry> committed) {
    ReplayPlan plan = ReplayPlan.decide(sources, committed);
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
    return plan;
  }

  private void createTopics(ReplayFailures failures) throws InterruptedException {
    try {
      clients.ensureTopics();
    } catch (ExecutionException e) {
      throw failures.topicsNotCreated(e.getCause());
    } catch (KafkaException e) {
      throw failures.clusterUnreachable(e);
    }
  }

  /** A producer whose {@code initTransactions} fenced and aborted what an earlier run left open. */
  private Producer<byte[], byte[]> openProducer(String transactionalId, ReplayFailures failures) {
    Producer<byte[], byte[]> producer = clients.transactionalProducer(transactionalId);
    try {
      producer.initTransactions();
      return producer;
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw failures.producerNotStarted(e);
    }
  }

  private static Producer<byte[], byte[]> opened(
      CompletableFuture<Producer<byte[], byte[]>> opening, ReplayFailures failures)
      throws InterruptedException {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw failures.producerNotOpened(e.getCause());
    }
  }
}
