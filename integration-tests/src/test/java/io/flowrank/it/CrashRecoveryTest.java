package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static io.flowrank.it.PipelineProcesses.PROCESS_RUN;
import static io.flowrank.it.PipelineProcesses.TAIL_LINES;
import static io.flowrank.it.PipelineProcesses.awaitProgress;
import static io.flowrank.it.PipelineProcesses.awaitRunning;
import static io.flowrank.it.TestData.CRASH_FILES;
import static io.flowrank.it.TestData.LONG_CRASH_FILES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.cli.broker.EmbeddedKafkaBroker;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.Progress;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.time.Windowing;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GeneratorSettings;
import io.flowrank.core.synthetic.OutputCompression;
import io.flowrank.core.synthetic.OutputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once under crashes (docs/design.md §6), with the pipeline's processes as users run them: the
 * producer ({@code flowrank produce}), the streams app ({@code flowrank stream}) and the verifier
 * ({@code flowrank verify}) are separate processes on the embedded broker of the test JVM. The
 * streams app or the producer is killed outright (SIGKILL: no shutdown hook, no aborted
 * transaction, no leaving the group) in the middle of a replay, or the broker is stopped and
 * restarted under their feet. After the restart the stream must end with the batch count: the
 * verifier exits 0, the stream has counted every record once, and every file is in the replay log
 * once.
 *
 * <p>The default tests take a few minutes; the ones tagged {@code long} (ten kills, twice the data)
 * run with {@code mvn -Plong}. Every process is killed after each test whatever happens; their
 * output is kept in files under the test's temporary folder, which a failed test leaves in place
 * and names, logging the end of the latest ones.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class CrashRecoveryTest {

  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);
  private static final int PARTITIONS = 4;

  /**
   * Paces the replays the streams app is killed in, so that it is killed while they run: a file a
   * second, and the restart takes a few seconds.
   */
  private static final double STREAM_KILL_PACE = 1;

  /** Paces the replays the broker goes down in, so that it goes down while they run. */
  private static final double BROKER_OUTAGE_PACE = 3;

  /** How long the broker stays down between its stop and its restart. */
  private static final Duration BROKER_DOWNTIME = Duration.ofSeconds(3);

  /** Kills of a producer until one of them leaves a file's transaction open (see scenario b). */
  private static final int MID_FILE_ATTEMPTS = 3;

  /**
   * The batch length, in files' lines, of a producer killed mid-file: unpaced, small files share a
   * transaction until it holds that many lines (six of the crash set's files), so a replay makes
   * several and one is open after some have committed, whatever the producer's default.
   */
  private static final int FILES_PER_BATCH = 5;

  private static final Duration POLL = Duration.ofMillis(100);

  /** The generated data sets, shared by the tests: generated and counted once each. */
  @TempDir static Path shared;

  private static final Map<GeneratorSettings, DataSet> DATA = new HashMap<>();

  /** Kept when the test fails, with the output of every process. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private TestResources resources;
  private PipelineProcesses pipeline;
  private Admin admin;

  /** Runs before {@code @AfterEach}: the processes' output is still there to show. */
  @RegisterExtension
  final AfterTestExecutionCallback showOutputOnFailure =
      context -> context.getExecutionException().ifPresent(failure -> pipeline.logOutputTails());

  /**
   * A generated data set; rounds replay its first files.
   *
   * @param dir the folder of its files
   * @param settings how it was generated
   */
  private record DataSet(Path dir, GeneratorSettings settings) {

    /** The batch count of its first {@code files} files, per window of the stream's too. */
    BatchCount batchOfFirst(int files, Path scratch) throws IOException {
      return TestData.batchCount(TestData.copyFirstFiles(dir, files, scratch), Windowing.DEFAULT);
    }
  }

  /**
   * One round of scenario (a): the input grows to its first {@code files} files, a paced replay of
   * the new ones starts, and the streams app is killed in the middle of it, then restarted.
   *
   * @param files the input files of the round; the earlier rounds' files are skipped by the
   *     producer
   * @param share the app is killed once it has counted this share of the round's new records, and
   *     not all of them
   * @param wipeState whether its state folder is deleted before the restart, so that it restores
   *     its stores from the changelogs
   * @param killWhileRejoining whether the restarted app is killed once more while it waits for its
   *     tasks (before it runs again), and restarted again
   */
  private record StreamKill(
      int files, double share, boolean wipeState, boolean killWhileRejoining) {}

  /**
   * One round of scenario (c): the input grows to its first {@code files} files, and the broker
   * goes down and comes back while they are replayed.
   */
  private record BrokerOutage(int files) {}

  @BeforeEach
  void prepare(TestInfo info) throws Exception {
    pipeline = PipelineProcesses.forTest(info, tmp, TestKafka::embedded, PARTITIONS);
    resources = pipeline.resources();
    admin =
        resources.closeAfter(
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, resources.bootstrap())));
  }

  @AfterEach
  void killEverything() throws Exception {
    // The processes are registered with resources: killed first, then the broker is stopped.
    resources.close();
  }

  /** (a) The streams app killed three times mid-replay, restarted with its state or without. */
  @Test
  void theStreamsAppKilledMidReplayEndsWithTheBatchCountWithOrWithoutItsState() throws Exception {
    killTheStreamsAppMidReplay(
        data(CRASH_FILES),
        List.of(
            new StreamKill(7, 0.05, false, false),
            new StreamKill(14, 0.5, true, false),
            new StreamKill(20, 0.8, false, false)));
  }

  /** (a), long: ten kills at varied moments, some of them again while the app rejoins. */
  @Test
  @Tag("long")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theStreamsAppKilledTenTimesEndsWithTheBatchCount() throws Exception {
    // The last share leaves more than a file of the four to count, as 0.8 does with six.
    double[] shares = {0.05, 0.5, 0.7};
    List<StreamKill> rounds =
        IntStream.range(0, 10)
            .mapToObj(i -> new StreamKill(4 * (i + 1), shares[i % 3], i % 2 == 1, i % 4 == 3))
            .toList();
    killTheStreamsAppMidReplay(data(LONG_CRASH_FILES), rounds);
  }

  /** (b) The producer killed mid-file, then run again: nothing lost, nothing twice. */
  @Test
  void aProducerKilledMidFileAndRunAgainCommitsEveryFileOnce() throws Exception {
    killTheProducerMidFile(data(CRASH_FILES), List.of(3));
  }

  /**
   * (b) with a raw LANL day file: one bzip2 CSV, sent in batches; the producer killed in the middle
   * of a batch after some were committed, then run again: it resumes after the last committed
   * batch, and the verifier (reading the same file) says identical.
   */
  @Test
  void aBzip2CsvDayFileKilledMidFileResumesAfterItsLastCommittedBatch() throws Exception {
    Path input = tmp.resolve("day");
    FlowGenerator.generate(input, CRASH_FILES, OutputFormat.CSV, OutputCompression.BZ2, false);
    BatchCount batch = TestData.batchCount(input, Windowing.DEFAULT);
    assertThat(batch.files()).as("one day file").isEqualTo(1);
    long batchLines = batch.records() / 10;
    String rowsPerBatch = Long.toString(batchLines);
    // Frames of a tenth of a partition's share of a batch, so its records reach the broker as it
    // is read and its transaction stays open for most of it, not only from its last frames (sent
    // at its end, with the default frames) to its commit: a window the polls could miss.
    String linesPerRecord = Long.toString(batchLines / PARTITIONS / 10);
    FlowrankProcess stream = pipeline.startStream(tmp.resolve("state"));
    awaitRunning(stream);

    boolean leftABatchOpen = false;
    for (int attempt = 1; attempt <= MID_FILE_ATTEMPTS && !leftABatchOpen; attempt++) {
      FlowrankProcess producer =
          pipeline.startProducer(
              input, 2, "--rows-per-batch", rowsPerBatch, "--lines-per-record", linesPerRecord);
      Progress atKill =
          awaitProgress(
              stream,
              List.of(stream, producer),
              producer.name() + " committing 2 batches and sending the next one",
              p -> p.batchesCommitted() >= 2 && unstableFlows() > 0,
              p -> p.filesCommitted() >= 1,
              "the producer committed the whole file before it could be killed mid-file");
      producer.kill();
      leftABatchOpen = unstableFlows() > 0;
      LOG.info(
          "{} killed after {} batches committed: a batch left open: {}",
          producer.name(),
          atKill.batchesCommitted(),
          leftABatchOpen);
    }
    assertThat(leftABatchOpen).as("a kill left a batch's transaction open").isTrue();

    FlowrankProcess rerun = pipeline.startProducer(input, 0, "--rows-per-batch", rowsPerBatch);
    assertThat(rerun.awaitExit(PROCESS_RUN))
        .as("exit code of %s: %s", rerun.name(), rerun.tail(TAIL_LINES))
        .isEqualTo(ExitCode.OK);
    assertThat(rerun.linesContaining("resuming"))
        .as("%s resumed the file: %s", rerun.name(), rerun.tail(TAIL_LINES))
        .isNotEmpty();
    pipeline.assertExactlyOnce(stream, input, batch);
    assertThat(pipeline.replayLog()).as("batches in the replay log").hasSizeGreaterThanOrEqualTo(10);
  }

  /** (b), long: the producer killed six times in one replay, each run resuming the last. */
  @Test
  @Tag("long")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void aProducerKilledSixTimesCommitsEveryFileOnce() throws Exception {
    killTheProducerMidFile(data(LONG_CRASH_FILES), List.of(2, 6, 11, 17, 24, 31));
  }

  /** (c) The broker stopped and restarted mid-replay: the streams app rides it out. */
  @Test
  void theStreamsAppRidesOutABrokerRestartMidReplay() throws Exception {
    restartTheBrokerMidReplay(data(CRASH_FILES), List.of(new BrokerOutage(20)));
  }

  /** (c), long: three broker restarts, each in the replay of new files. */
  @Test
  @Tag("long")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theStreamsAppRidesOutThreeBrokerRestarts() throws Exception {
    restartTheBrokerMidReplay(
        data(LONG_CRASH_FILES),
        List.of(new BrokerOutage(14), new BrokerOutage(27), new BrokerOutage(40)));
  }

  private void killTheStreamsAppMidReplay(DataSet data, List<StreamKill> rounds) throws Exception {
    Path input = tmp.resolve("input");
    Path state = tmp.resolve("state");
    FlowrankProcess stream = pipeline.startStream(state);
    awaitRunning(stream);
    long countedBefore = 0;
    List<Long> backTimes = new ArrayList<>();
    for (int round = 1; round <= rounds.size(); round++) {
      StreamKill kill = rounds.get(round - 1);
      BatchCount batch = data.batchOfFirst(kill.files(), input);
      long added = batch.records() - countedBefore;
      long killAt = countedBefore + Math.max(1, (long) (added * kill.share()));
      FlowrankProcess producer = pipeline.startProducer(input, STREAM_KILL_PACE);
      FlowrankProcess victim = stream;
      Progress atKill =
          awaitProgress(
              victim,
              List.of(victim),
              "round " + round + ": the stream counting " + killAt + " of " + batch.records(),
              // Not caught up: records still to count, or counted but not committed yet.
              p -> p.records() >= killAt && !p.caughtUp(),
              p -> p.records() >= batch.records() && p.caughtUp(),
              "the stream caught up before it could be killed mid-replay");
      boolean producerRunning = producer.isAlive();
      victim.kill();
      long killed = System.nanoTime();
      if (kill.wipeState()) {
        deleteRecursively(state);
      }
      stream = pipeline.startStream(state);
      if (kill.killWhileRejoining()) {
        FlowrankProcess rejoining = stream;
        awaitRejoining(rejoining);
        rejoining.kill();
        LOG.info(
            "round {}: killed {} again while it waited for its tasks", round, rejoining.name());
        stream = pipeline.startStream(state);
      }
      awaitRunning(stream);
      long backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      backTimes.add(backMillis);
      LOG.info(
          "round {}: killed {} at {} of {} records (lag {}, {} files committed of {}, {} {}),"
              + " restarted {} with its state {}; RUNNING again {} ms after the kill",
          round,
          victim.name(),
          atKill.records(),
          batch.records(),
          atKill.totalLag(),
          atKill.filesCommitted(),
          kill.files(),
          producer.name(),
          producerRunning ? "still replaying" : "done already",
          stream.name(),
          kill.wipeState() ? "folder deleted" : "kept",
          backMillis);
      assertThat(producer.awaitExit(PROCESS_RUN))
          .as("exit code of %s: %s", producer.name(), producer.tail(TAIL_LINES))
          .isEqualTo(ExitCode.OK);
      pipeline.assertExactlyOnce(stream, input, batch);
      countedBefore = batch.records();
    }
    List<Long> sorted = backTimes.stream().sorted().toList();
    LOG.info(
        "the streams app RUNNING again after a kill mid-replay, {} rounds: min {} ms, median {} ms,"
            + " max {} ms (JVM start and, state folder deleted or not, restoration included)",
        sorted.size(),
        sorted.get(0),
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1));
  }

  private void killTheProducerMidFile(DataSet data, List<Integer> killAfterFiles) throws Exception {
    Path input = tmp.resolve("input");
    BatchCount batch = data.batchOfFirst(data.settings().files(), input);
    FlowrankProcess stream = pipeline.startStream(tmp.resolve("state"));
    awaitRunning(stream);
    String rowsPerBatch = Long.toString((long) FILES_PER_BATCH * data.settings().rowsPerFile());
    boolean leftAFileOpen = false;
    long committedBefore = 0;
    for (int files : killAfterFiles) {
      for (int attempt = 1; attempt <= MID_FILE_ATTEMPTS; attempt++) {
        FlowrankProcess producer =
            pipeline.startProducer(input, 0, "--rows-per-batch", rowsPerBatch);
        // At least one file of this run committed: what is open then is this run's transaction.
        long target = Math.max(files, committedBefore + 1);
        Progress atKill =
            awaitProgress(
                stream,
                List.of(stream, producer),
                producer.name() + " committing " + target + " files and sending the next one",
                p -> p.filesCommitted() >= target && unstableFlows() > 0,
                p -> p.filesCommitted() >= batch.files(),
                "the producer committed every file before it could be killed mid-file");
        producer.kill();
        committedBefore = atKill.filesCommitted();
        long open = unstableFlows();
        LOG.info(
            "{} killed after {} files committed of {}: {} offsets of flows left in an open"
                + " transaction",
            producer.name(),
            atKill.filesCommitted(),
            batch.files(),
            open);
        if (open > 0) {
          leftAFileOpen = true;
          break;
        }
        // It committed the file between the look and the kill: a crash too, but not mid-file.
      }
    }
    assertThat(leftAFileOpen).as("a kill left a file's transaction open").isTrue();

    FlowrankProcess rerun = pipeline.startProducer(input, 0, "--rows-per-batch", rowsPerBatch);
    assertThat(rerun.awaitExit(PROCESS_RUN))
        .as("exit code of %s: %s", rerun.name(), rerun.tail(TAIL_LINES))
        .isEqualTo(ExitCode.OK);
    assertThat(unstableFlows())
        .as("offsets of flows in open transactions after the rerun (its initTransactions aborts)")
        .isZero();
    pipeline.assertExactlyOnce(stream, input, batch);
  }

  private void restartTheBrokerMidReplay(DataSet data, List<BrokerOutage> rounds) throws Exception {
    Path input = tmp.resolve("input");
    FlowrankProcess stream = pipeline.startStream(tmp.resolve("state"));
    awaitRunning(stream);
    EmbeddedKafkaBroker broker = resources.embeddedBroker();
    long countedBefore = 0;
    for (int round = 1; round <= rounds.size(); round++) {
      BrokerOutage outage = rounds.get(round - 1);
      BatchCount batch = data.batchOfFirst(outage.files(), input);
      // The stream counting the round's records, the producer still sending them: both have
      // transactions open when the broker goes away.
      long counted = countedBefore;
      FlowrankProcess producer = pipeline.startProducer(input, BROKER_OUTAGE_PACE);
      Progress atStop =
          awaitProgress(
              stream,
              List.of(stream, producer),
              "round " + round + ": the stream counting the round's first records",
              p -> p.records() > counted && p.filesCommitted() < outage.files(),
              p -> p.filesCommitted() >= outage.files(),
              "the producer committed every file before the broker could be stopped");
      long down = System.nanoTime();
      broker.stop();
      // The outage itself: a deliberate, bounded downtime, not a wait for a condition.
      Thread.sleep(BROKER_DOWNTIME.toMillis());
      broker.restart();
      LOG.info(
          "round {}: broker stopped at {} records of {} (lag {}, {} files committed of {}), back"
              + " after {} ms",
          round,
          atStop.records(),
          batch.records(),
          atStop.totalLag(),
          atStop.filesCommitted(),
          outage.files(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));
      int exit = producer.awaitExit(PROCESS_RUN);
      if (exit == ExitCode.FAILURE) {
        LOG.info(
            "round {}: {} failed on the outage (exit 3), as it may; running it again. Its last"
                + " lines:\n{}",
            round,
            producer.name(),
            producer.tail(5));
        FlowrankProcess rerun = pipeline.startProducer(input, 0);
        exit = rerun.awaitExit(PROCESS_RUN);
        producer = rerun;
      } else {
        LOG.info("round {}: {} rode out the outage (exit {})", round, producer.name(), exit);
      }
      assertThat(exit)
          .as("exit code of %s: %s", producer.name(), producer.tail(TAIL_LINES))
          .isEqualTo(ExitCode.OK);
      assertThat(stream.isAlive())
          .as(
              "%s (pid %d) alive after the outage: %s",
              stream.name(), stream.pid(), stream.tail(TAIL_LINES))
          .isTrue();
      LOG.info(
          "round {}: {} lived through the outage; so far it logged {} stream threads replaced and"
              + " these state changes: {}",
          round,
          stream.name(),
          stream.linesContaining("a stream thread failed; replacing it").size(),
          stateChanges(stream));
      pipeline.assertExactlyOnce(stream, input, batch);
      countedBefore = batch.records();
    }
  }

  /** The offsets of {@code flows} in a transaction not committed or aborted yet. */
  private long unstableFlows() throws Exception {
    return CommittedRecords.unstableOffsets(admin, Topics.FLOWS.name(), REQUEST);
  }

  /**
   * Waits until a restarted app answers HTTP but is not RUNNING yet: it has joined the group and
   * waits for the killed member to be dropped before it gets its tasks.
   */
  private static void awaitRejoining(FlowrankProcess stream) {
    await(stream.name() + " up but not RUNNING yet (/health 503)")
        .atMost(ApiCalls.WAIT)
        .pollInterval(POLL)
        .failFast(stream.name() + " died", () -> !stream.isAlive())
        .ignoreExceptionsMatching(ApiException::waitingMayHelp)
        .until(
            () -> {
              int status = ApiCalls.client(stream.httpUrl()).health(REQUEST).status();
              if (status == 200) {
                throw new AssertionError(stream.name() + " was RUNNING before it could be killed");
              }
              return status == 503;
            });
  }

  /** The data set of {@code settings}, generated and counted on first use. */
  private static synchronized DataSet data(GeneratorSettings settings) throws IOException {
    DataSet data = DATA.get(settings);
    if (data == null) {
      long begin = System.nanoTime();
      Path dir = TestData.generate(shared.resolve("data-" + DATA.size()), settings);
      data = new DataSet(dir, settings);
      DATA.put(settings, data);
      LOG.info(
          "generated {} files of {} lines in {} ms",
          settings.files(),
          settings.rowsPerFile(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }
    return data;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The state changes a streams app logged so far, such as {@code RUNNING -> REBALANCING}. */
  private static List<String> stateChanges(FlowrankProcess stream) {
    String mark = "StreamsApp - Kafka Streams ";
    return stream.linesContaining(mark).stream()
        .map(line -> line.substring(line.indexOf(mark) + mark.length()))
        .toList();
  }

}
