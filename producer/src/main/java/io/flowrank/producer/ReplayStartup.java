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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replay does before its first batch: lists the input sources, opens the transactional
 * producer, makes sure the topics exist, reads the replay log and decides from it the {@link
 * ReplayPlan} (what is skipped, what resumes where).
 *
 * <p>The producer's {@code initTransactions} fences and aborts whatever an earlier run with the
 * same {@code transactional.id} left open. It runs on a thread of its own while the topics are
 * checked and the replay log read here (each is a few round trips to the cluster; together they
 * were most of a short replay's start-up). Once it is done, the log is read again to its new end:
 * a batch committed just behind the transaction it aborted is not missed.
 */
final class ReplayStartup {

  // Logs as the replayer: the lines users see keep the source they always had.
  private static final Logger LOG = LoggerFactory.getLogger(FlowReplayer.class);
  private static final Duration REPLAY_LOG_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The clients opened.
   *
   * @param producer the transactional producer, {@code initTransactions} done; the caller closes it
   * @param committed the replay log's committed entries, by batch name
   */
  record Opened(Producer<byte[], byte[]> producer, Map<String, ReplayLogEntry> committed) {}

  private final ProducerSettings settings;
  private final ReplayClients clients;
  private final ReplayFailures failures;

  ReplayStartup(ProducerSettings settings, ReplayClients clients) {
    this.settings = settings;
    this.clients = clients;
    this.failures = new ReplayFailures(settings);
  }

  /** The input sources in replay order (natural name order), or standard input alone. */
  List<ReplayPlan.InputFile> sources() throws IOException {
    List<ReplayPlan.InputFile> sources = new ArrayList<>();
    if (settings.readsStdin()) {
      sources.add(ReplayPlan.InputFile.stdin(settings.stdinName()));
    } else {
      for (var file : InputFiles.at(settings.data(), settings.maxRecordBytes()).files()) {
        sources.add(new ReplayPlan.InputFile(file, Files.size(file)));
      }
    }
    if (sources.isEmpty()) {
      LOG.warn("no input files in {}", settings.data());
    }
    LOG.info(
        "replaying {} ({} sources, batches of {} lines) to {}",
        settings.readsStdin() ? "standard input as " + settings.stdinName() : settings.data(),
        sources.size(),
        settings.rowsPerBatch(),
        settings.bootstrapServers());
    LOG.debug("producer config {}", settings.loggableProducerProperties());
    return sources;
  }

  /**
   * Opens the producer and reads the replay log, side by side (see the class comment).
   *
   * @throws ReplayException when Kafka fails; the producer, if it was opened, is closed
   */
  Opened open() throws InterruptedException {
    CompletableFuture<Producer<byte[], byte[]>> opening =
        CompletableFuture.supplyAsync(
            this::openProducer,
            task -> {
              Thread thread = new Thread(task, "flowrank-producer-start");
              thread.setDaemon(true);
              thread.start();
            });
    try (Consumer<String, String> consumer = clients.replayLogConsumer()) {
      ReplayLog log = new ReplayLog();
      try {
        createTopics();
        log.start(consumer);
        log.catchUp(consumer, REPLAY_LOG_TIMEOUT);
      } catch (KafkaException | IllegalStateException e) {
        throw failures.replayLogUnread(e);
      }
      Producer<byte[], byte[]> producer = opened(opening);
      try {
        log.catchUp(consumer, REPLAY_LOG_TIMEOUT);
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
    }
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

  private void createTopics() throws InterruptedException {
    try {
      clients.ensureTopics();
    } catch (ExecutionException e) {
      throw failures.topicsNotCreated(e.getCause());
    } catch (KafkaException e) {
      throw failures.clusterUnreachable(e);
    }
  }

  /** A producer whose {@code initTransactions} fenced and aborted what an earlier run left open. */
  private Producer<byte[], byte[]> openProducer() {
    Producer<byte[], byte[]> producer = clients.transactionalProducer();
    try {
      producer.initTransactions();
      return producer;
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw failures.producerNotStarted(e);
    }
  }

  private Producer<byte[], byte[]> opened(CompletableFuture<Producer<byte[], byte[]>> opening)
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
