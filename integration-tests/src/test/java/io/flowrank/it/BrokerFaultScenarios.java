package io.flowrank.it;

import static io.flowrank.it.PipelineProcesses.PROCESS_RUN;
import static io.flowrank.it.PipelineProcesses.TAIL_LINES;
import static io.flowrank.it.PipelineProcesses.awaitProgress;
import static io.flowrank.it.PipelineProcesses.awaitRunning;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.time.Windowing;
import io.flowrank.producer.TransactionalIds;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * Broker faults in the middle of a replay, on a three-broker cluster with the settings of {@code
 * docker-compose.cluster.yml} (three replicas, two in sync to write), as Kafka's own system tests
 * bounce brokers under Kafka Streams with exactly-once. The producer, the streams app and the
 * verifier are processes ({@link PipelineProcesses}). Each scenario ends as the crash tests do: the
 * verifier identical to the batch count, every batch in the replay log once, {@code flows} holding
 * exactly their lines. Each also prints the longest stall of the stream's progress after the fault
 * ({@link StallMeter}, the line starting "stall:"), which is never asserted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class BrokerFaultScenarios {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerFaultScenarios.class);
  private static final int PARTITIONS = 4;

  /** Paces the replays brokers die in: a file every half second, about ten seconds in all. */
  private static final double PACE = 2;

  /** The rolling restart takes three broker restarts: a replay long enough for them. */
  private static final double ROLLING_PACE = 0.5;

  /** The producer's delivery timeout in the long-outage scenario (Kafka's default is 2 minutes). */
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  /** The long outage: longer than the delivery timeout. */
  private static final Duration LONG_OUTAGE = DELIVERY_TIMEOUT.plusSeconds(5);

  /**
   * How long to look for the producer's transaction in its commit before killing it open: well
   * inside the replay left after the first fifth (about 8 s at {@link #PACE}), or a loaded machine
   * lets the producer end first.
   */
  private static final Duration COMMIT_WATCH = Duration.ofSeconds(4);

  private static final Duration REPLICATION = Duration.ofMinutes(3);

  /** The generated input, shared by the tests: generated once. */
  @TempDir static Path shared;

  private static Path data;

  /** Kept when the test fails, with the output of every process. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private String testName;
  private TestResources resources;
  private PipelineProcesses pipeline;
  private ThreeBrokers cluster;

  /** Runs before {@code @AfterEach}: the processes' output is still there to show. */
  @RegisterExtension
  final AfterTestExecutionCallback showOutputOnFailure =
      context ->
          context
              .getExecutionException()
              .ifPresent(
                  failure -> {
                    if (pipeline != null) {
                      pipeline.logOutputTails();
                    }
                  });

  /**
   * Starts this kind's cluster.
   *
   * @param controlledShutdown whether brokers will go down cleanly ({@link ThreeBrokers#stop}) or
   *     be killed ({@link ThreeBrokers#kill}); a kind that can do both may ignore it
   */
  protected abstract ThreeBrokers startCluster(boolean controlledShutdown) throws Exception;

  /** One replay with its stream, producer and stall meter. */
  private record Replay(
      Path input,
      BatchCount batch,
      FlowrankProcess stream,
      FlowrankProcess producer,
      StallMeter meter) {}

  @BeforeEach
  void name(TestInfo info) {
    testName = info.getTestMethod().map(Method::getName).orElse("test");
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (resources != null) {
      resources.close();
    }
  }

  /** The broker leading most partitions of {@code flows} killed while the stream counts them. */
  @Test
  void killingTheBrokerThatLeadsMostPartitionsOfFlowsLosesNothing() throws Exception {
    begin(false);
    Replay replay = startReplay(PACE);
    int leader = leaderOfMostFlowsPartitions();
    replay.meter().fault();
    cluster.kill(leader);
    LOG.info("{}: killed broker {} ({})", testName, leader, cluster.killMeans());
    end(replay, "the broker leading most flows partitions killed");
  }

  /**
   * The broker that coordinates the producer's transactions killed while a transaction commits
   * (when the watch catches it in {@code PREPARE_COMMIT}; the state it was in is logged).
   */
  @Test
  void killingTheProducersTransactionCoordinatorMidCommitLosesNothing() throws Exception {
    begin(false);
    Replay replay = startReplay(PACE);
    TransactionDescription caught = watchForCommit(replay.producer());
    replay.meter().fault();
    cluster.kill(caught.coordinatorId());
    LOG.info(
        "{}: killed broker {}, the producer's transaction coordinator, its transaction in {} ({})",
        testName,
        caught.coordinatorId(),
        caught.state(),
        cluster.killMeans());
    end(replay, "the producer's transaction coordinator killed in " + caught.state());
  }

  /** Every broker stopped and started again in turn, each back in sync before the next. */
  @Test
  void aRollingRestartOfTheThreeBrokersDuringAReplayLosesNothing() throws Exception {
    begin(true);
    Replay replay = startReplay(ROLLING_PACE);
    replay.meter().fault();
    for (int node : cluster.nodeIds()) {
      long begin = System.nanoTime();
      cluster.stop(node);
      cluster.start(node);
      ThreeBrokers.awaitFullyReplicated(cluster.bootstrapServers(), REPLICATION);
      LOG.info(
          "{}: broker {} restarted and every partition in sync again after {} ms; the producer {}",
          testName,
          node,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
          replay.producer().isAlive() ? "still replaying" : "done already");
    }
    end(replay, "a rolling restart of the three brokers");
  }

  /**
   * A broker down longer than the producer's delivery timeout, then back: the producer rides it
   * out, or fails with exit 3 and a message, and a rerun completes the replay once.
   */
  @Test
  void aBrokerDownLongerThanTheDeliveryTimeoutEndsExactlyOnce() throws Exception {
    begin(false);
    Path config = tmp.resolve("producer.properties");
    Files.writeString(
        config,
        "delivery.timeout.ms=" + DELIVERY_TIMEOUT.toMillis() + "\nrequest.timeout.ms=5000\n");
    Replay replay = startReplay(PACE / 2, "--config", config.toString());
    int leader = leaderOfMostFlowsPartitions();
    replay.meter().fault();
    cluster.kill(leader);
    // The outage itself: a deliberate, bounded downtime, not a wait for a condition.
    Thread.sleep(LONG_OUTAGE.toMillis());
    cluster.start(leader);
    int exit = replay.producer().awaitExit(PROCESS_RUN);
    if (exit == ExitCode.FAILURE) {
      assertThat(replay.producer().linesContaining("flowrank produce: "))
          .as("what %s said: %s", replay.producer().name(), replay.producer().tail(TAIL_LINES))
          .isNotEmpty();
      LOG.info(
          "{}: {} failed on the outage of broker {} (exit 3), running it again; it said:\n{}",
          testName,
          replay.producer().name(),
          leader,
          replay.producer().tail(5));
      FlowrankProcess rerun =
          pipeline.startProducer(replay.input(), 0, "--config", config.toString());
      replay = new Replay(replay.input(), replay.batch(), replay.stream(), rerun, replay.meter());
    } else {
      LOG.info(
          "{}: {} rode out the outage of broker {} (exit {})",
          testName,
          replay.producer().name(),
          leader,
          exit);
    }
    end(
        replay,
        "a broker down " + LONG_OUTAGE.toSeconds() + " s, longer than the delivery timeout");
  }

  private void begin(boolean controlledShutdown) throws Exception {
    cluster = startCluster(controlledShutdown);
    resources =
        new TestResources(
            testName, () -> new TestKafka(cluster.bootstrapServers(), cluster, Optional.empty()));
    pipeline = new PipelineProcesses(tmp, resources, resources.newApplicationId(), PARTITIONS);
    assertThat(resources.createTopics(PARTITIONS)).as("partitions of flows").isEqualTo(PARTITIONS);
  }

  /**
   * Starts the stream, waits until it runs, then starts a paced replay of the input and returns
   * once the stream has counted a fifth of it.
   */
  private Replay startReplay(double filesPerSecond, String... producerOptions) throws Exception {
    Path input = input();
    // The stream's default windows (an hour): the exactly-once check compares them and the events.
    BatchCount batch = TestData.batchCount(input, Windowing.DEFAULT);
    FlowrankProcess stream = pipeline.startStream(tmp.resolve("state"));
    awaitRunning(stream);
    StallMeter meter = resources.closeAfter(new StallMeter(stream.httpUrl(), batch.records()));
    FlowrankProcess producer = pipeline.startProducer(input, filesPerSecond, producerOptions);
    long share = batch.records() / 5;
    awaitProgress(
        stream,
        List.of(stream, producer),
        "the stream counting " + share + " of " + batch.records() + " records",
        p -> p.records() >= share,
        p -> p.records() >= batch.records(),
        "the stream counted everything before the fault");
    return new Replay(input, batch, stream, producer, meter);
  }

  /** The producer ends well, the counts are exact, and the stall is printed. */
  private void end(Replay replay, String fault) throws Exception {
    FlowrankProcess producer = replay.producer();
    assertThat(producer.awaitExit(PROCESS_RUN))
        .as("exit code of %s: %s", producer.name(), producer.tail(TAIL_LINES))
        .isEqualTo(ExitCode.OK);
    pipeline.assertExactlyOnce(replay.stream(), replay.input(), replay.batch());
    StallMeter.Stalls stalls = replay.meter().stalls();
    LOG.info(
        "stall: {} on {}: the stream's records stood still for at most {} ms after the fault"
            + " ({} ms at most before it; every record counted while measured: {})",
        fault,
        getClass().getSimpleName(),
        stalls.afterMillis(),
        stalls.beforeMillis(),
        stalls.counted());
  }

  private int leaderOfMostFlowsPartitions() throws Exception {
    try (Admin admin = ThreeBrokers.admin(cluster.bootstrapServers())) {
      List<TopicPartitionInfo> partitions =
          admin
              .describeTopics(List.of(Topics.FLOWS.name()))
              .allTopicNames()
              .get(ApiCalls.REQUEST.toSeconds(), TimeUnit.SECONDS)
              .get(Topics.FLOWS.name())
              .partitions();
      Map<Integer, Long> led =
          partitions.stream()
              .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
      LOG.info("{}: leaders of flows' partitions, broker to partitions led: {}", testName, led);
      return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
  }

  /**
   * Asks for the producer's transaction until it is caught committing ({@code PREPARE_COMMIT}), for
   * at most {@link #COMMIT_WATCH}; then takes it open ({@code ONGOING}). Fails when the producer
   * ends first.
   */
  private TransactionDescription watchForCommit(FlowrankProcess producer) throws Exception {
    // The producer runs under the id derived from its input's file names (docs/design.md §2).
    String id =
        TransactionalIds.derived(
            InputFiles.at(input(), Limits.DEFAULT_MAX_RECORD_BYTES).files().stream()
                .map(InputFiles::batchName)
                .toList());
    long deadline = System.nanoTime() + COMMIT_WATCH.toNanos();
    try (Admin admin = ThreeBrokers.admin(cluster.bootstrapServers())) {
      while (true) {
        TransactionDescription seen =
            admin
                .describeTransactions(List.of(id))
                .description(id)
                .get(ApiCalls.REQUEST.toSeconds(), TimeUnit.SECONDS);
        boolean late = System.nanoTime() > deadline;
        assertThat(producer.isAlive() || seen.state() == TransactionState.PREPARE_COMMIT)
            .as("%s still replaying while its transaction is watched", producer.name())
            .isTrue();
        if (seen.state() == TransactionState.PREPARE_COMMIT
            || (late && seen.state() == TransactionState.ONGOING)) {
          return seen;
        }
      }
    }
  }

  private static synchronized Path input() throws IOException {
    // Generated once per test class: each subclass gets a folder `shared` of its own, deleted when
    // the class ends, while this field is the base class's.
    if (data == null || !data.startsWith(shared)) {
      data = TestData.generate(shared.resolve("cluster-files"), TestData.CLUSTER_FILES);
    }
    return data;
  }
}
