package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static io.flowrank.it.ApiCalls.awaitCaughtUp;
import static io.flowrank.it.TestData.TEN_FILES;
import static io.flowrank.it.TestData.batchCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.producer.ReplayResult;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fail-over and restart with two {@code flowrank stream} processes (one application id, one
 * standby replica each) on the embedded broker of the test JVM (issue 13). Fail-over: one process
 * is killed outright, and the survivor must again answer for the whole cluster — every count, the
 * exact top 20; meanwhile every answer of the survivor is complete and right or a 503 with a JSON
 * error, never a partial ranking, and its {@code /api/cluster} names the partitions nobody serves.
 * Restart: the killed process is relaunched at once with the same arguments and state folder, and
 * must answer completely again. The times are measured and logged (the long profile repeats both
 * ten times and prints min / median / max), not asserted.
 *
 * <p>The processes are killed after the test whatever happens; their output is kept in files and
 * its end is logged when the test fails.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class InstanceFailoverTest {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceFailoverTest.class);
  private static final int PARTITIONS = 4;
  private static final int TOP = 20;

  /**
   * A bound that only catches a hang: the times are measured and printed (issue 13 asks for
   * 6 s), never asserted.
   */
  private static final Duration FAIL_OVER_BOUND = Duration.ofSeconds(60);

  /** Rounds of each kind in the long profile. */
  private static final int LONG_ROUNDS = 10;

  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
  private static final int MAX_WATCH_REQUESTS = 400;
  private static final int TAIL_LINES = 80;

  @TempDir Path tmp;

  private TestResources resources;
  private String applicationId;
  private final List<FlowrankProcess> processes = new ArrayList<>();

  /** Runs before {@code @AfterEach}: the processes' output is still there to show. */
  @RegisterExtension
  final AfterTestExecutionCallback showOutputOnFailure =
      context -> context.getExecutionException().ifPresent(failure -> logOutputTails());

  @BeforeEach
  void prepare(TestInfo info) {
    FlowrankProcess.jar();
    String testName = info.getTestMethod().map(Method::getName).orElse("test");
    resources = new TestResources(testName, TestKafka::embedded);
    applicationId = resources.newApplicationId();
  }

  @AfterEach
  void killEverything() throws Exception {
    // The processes are registered with resources: killed first, then the broker is stopped.
    resources.close();
  }

  @Test
  void theSurvivorAnswersForTheWholeClusterWithinSecondsOfAnInstanceDyingAndARelaunchTakesItBack()
      throws Exception {
    Cluster cluster = startCluster();
    long failOver = failOver(cluster);
    long restart = restart(cluster);
    LOG.info(
        "recovery (two instances, 3 s session, static membership): fail-over {} ms, restart {} ms",
        failOver,
        restart);
  }

  /**
   * The figures, repeated: ten fail-overs (each followed by a relaunch of the dead instance)
   * and ten restarts, their times printed as min / median / max. Figures, not assertions: every
   * round still asserts complete, right answers and nothing partial meanwhile.
   */
  @Test
  @Tag("long")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void tenFailOversAndTenRestartsPrintTheirTimes() throws Exception {
    Cluster cluster = startCluster();
    List<Long> failOvers = new ArrayList<>();
    List<Long> restarts = new ArrayList<>();
    for (int round = 0; round < LONG_ROUNDS; round++) {
      failOvers.add(failOver(cluster));
    }
    for (int round = 0; round < LONG_ROUNDS; round++) {
      restarts.add(restart(cluster));
    }
    LOG.info(
        "recovery, {} rounds each: fail-over {}; restart {}",
        LONG_ROUNDS,
        stats(failOvers),
        stats(restarts));
  }

  /** Two instances, the data replayed and counted, both answering completely. */
  private Cluster startCluster() throws Exception {
    Path data = TestData.generate(tmp.resolve("data"), TEN_FILES);
    BatchCount batch = batchCount(data);
    assertThat(resources.createTopics(PARTITIONS)).as("partitions of flows").isEqualTo(PARTITIONS);
    Cluster cluster = new Cluster(batch, TopN.of(batch.counts(), TOP));
    for (int i = 0; i < cluster.instances.length; i++) {
      cluster.instances[i] = startInstance(Cluster.NAMES[i], FlowrankProcess.freePort());
    }
    ReplayResult replay = resources.replay(data);
    assertThat(replay.filesCommitted()).isEqualTo(TEN_FILES.files());
    for (FlowrankProcess instance : cluster.instances) {
      awaitCaughtUp(ApiCalls.client(instance.httpUrl()), TEN_FILES.files());
      awaitComplete(cluster, instance, "before the kill");
    }
    return cluster;
  }

  /**
   * Kills an instance that serves partitions (after a relaunch the other may hold only standbys,
   * and killing it would prove nothing); returns the milliseconds until the survivor answers every
   * count and the top 20 right, then relaunches the dead one. Meanwhile the survivor's answers are
   * complete or 503s, and its {@code /api/cluster} names the partitions nobody serves; once it
   * answers, none are left.
   */
  private long failOver(Cluster cluster) throws Exception {
    int victimIndex = cluster.servingVictim();
    FlowrankProcess victim = cluster.instances[victimIndex];
    FlowrankProcess survivor = cluster.instances[1 - victimIndex];
    RankingWatch watch = new RankingWatch(survivor.httpUrl(), PARTITIONS, cluster.expectedTop);
    Queue<String> wrongCounts = new ConcurrentLinkedQueue<>();
    List<String> unservedSeen = new ArrayList<>();
    long killed;
    long millis;
    try (AutoCloseable polling = watch.pollInBackground(WATCH_INTERVAL, MAX_WATCH_REQUESTS)) {
      killed = System.nanoTime();
      victim.kill();
      await("the survivor answering for the whole cluster after " + victim.name() + " died")
          .atMost(FAIL_OVER_BOUND)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                unserved(survivor).ifPresent(unservedSeen::add);
                // Both asked every time: every answer is judged, not only the first bad one.
                boolean top = watch.askIsComplete();
                boolean counts = countsAreTheBatch(survivor, cluster.batch, wrongCounts);
                return top && counts;
              });
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    }
    LOG.info(
        "fail-over: the survivor answered every count and the top {} right {} ms after the kill;"
            + " its answers meanwhile: {}; unserved partitions it reported: {}",
        TOP,
        millis,
        watch.summary(),
        unservedSeen);

    watch.assertNothingBroken();
    assertThat(wrongCounts.stream().distinct().toList())
        .as(
            "answers of /api/counts that were a 200 but not every count right (%d in all)",
            wrongCounts.size())
        .isEmpty();
    assertThat(unservedSeen)
        .as("/api/cluster of the survivor while the partitions of the dead instance were unserved")
        .anySatisfy(
            reasons ->
                assertThat(reasons)
                    .containsAnyOf(
                        "its instance 127.0.0.1:" + victim.httpPort() + " does not answer",
                        "no active instance"));
    await("no partition reported unserved once the survivor answers")
        .atMost(Duration.ofSeconds(10))
        .until(() -> unserved(survivor).isEmpty());
    assertThat(survivor.isAlive()).isTrue();
    Progress progress = awaitCaughtUp(ApiCalls.client(survivor.httpUrl()), TEN_FILES.files());
    assertThat(progress.records()).isEqualTo(cluster.batch.records());
    assertThat(progress.webFlows()).isEqualTo(cluster.batch.webFlows());
    relaunch(cluster, victimIndex);
    return millis;
  }

  /**
   * Kills an instance and relaunches it at once with the same arguments (address, state folder);
   * returns the milliseconds from the relaunch until the relaunched instance answers every count
   * and the top 20 right.
   */
  private long restart(Cluster cluster) throws Exception {
    int victimIndex = cluster.servingVictim();
    cluster.instances[victimIndex].kill();
    long relaunched = System.nanoTime();
    relaunch(cluster, victimIndex);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - relaunched);
    LOG.info(
        "restart: the relaunched instance answered every count and the top {} right {} ms after"
            + " its relaunch",
        TOP,
        millis);
    return millis;
  }

  /** Starts a dead instance again on its port and state folder; waits for complete answers. */
  private void relaunch(Cluster cluster, int index) throws Exception {
    FlowrankProcess dead = cluster.instances[index];
    cluster.instances[index] = startInstance(Cluster.NAMES[index], dead.httpPort());
    awaitComplete(cluster, cluster.instances[index], "after the relaunch");
  }

  private void awaitComplete(Cluster cluster, FlowrankProcess instance, String when) {
    RankingWatch watch = new RankingWatch(instance.httpUrl(), PARTITIONS, cluster.expectedTop);
    await("complete answers from instance " + instance.name() + " " + when)
        .atMost(ApiCalls.WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> watch.askIsComplete() && countsAreTheBatch(instance, cluster.batch, null));
  }

  /**
   * The reasons {@code /api/cluster} gives for unserved partitions, when there are some, or why it
   * gave no answer.
   */
  private static Optional<String> unserved(FlowrankProcess instance) throws InterruptedException {
    try {
      List<Progress.Unserved> unserved =
          ApiCalls.client(instance.httpUrl()).cluster(REQUEST).unserved();
      if (unserved.isEmpty()) {
        return Optional.empty();
      }
      List<String> reasons = new ArrayList<>();
      unserved.forEach(u -> reasons.add(u.partition() + ": " + u.reason()));
      return Optional.of(String.join("; ", reasons));
    } catch (ApiException e) {
      return Optional.of("no answer: " + e.getMessage());
    }
  }

  private static String stats(List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    return String.format(
        "min %d ms, median %d ms, max %d ms (%s)",
        sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), millis);
  }

  /** The two instances (each replaced by its relaunch), the batch count and its top 20. */
  private static final class Cluster {
    static final String[] NAMES = {"a", "b"};
    final FlowrankProcess[] instances = new FlowrankProcess[2];
    final BatchCount batch;
    final List<DeviceCount> expectedTop;

    Cluster(BatchCount batch, List<DeviceCount> expectedTop) {
      this.batch = batch;
      this.expectedTop = expectedTop;
    }

    /**
     * The instance to kill: one that is the active instance of some partition, the later in
     * address order when both are (an instance gathers from the cluster in address order, so the
     * survivor's own counts come first and the failure after the first bytes of an answer: the
     * hard case for "never a partial answer").
     */
    int servingVictim() throws Exception {
      ClusterAnswer layout = ApiCalls.client(instances[0].httpUrl()).cluster(REQUEST);
      int victim = -1;
      for (int i = 0; i < instances.length; i++) {
        String host = "127.0.0.1:" + instances[i].httpPort();
        for (ClusterAnswer.Instance instance : layout.instances()) {
          boolean serves = !instance.active().isEmpty();
          if (instance.host().equals(host)
              && serves
              && (victim < 0 || instances[i].httpPort() > instances[victim].httpPort())) {
            victim = i;
          }
        }
      }
      assertThat(victim).as("an instance serving partitions: %s", layout).isNotNegative();
      return victim;
    }
  }

  private FlowrankProcess startInstance(String name, int port) throws Exception {
    Path state = Files.createDirectories(tmp.resolve("state-" + name));
    FlowrankProcess instance =
        FlowrankProcess.stream(
            name,
            tmp.resolve("instance-" + name + "-" + processes.size() + ".log"),
            port,
            List.of(
                "--bootstrap-servers",
                resources.bootstrap(),
                "--state-dir",
                state.toString(),
                "--application-id",
                applicationId,
                "--standby-replicas",
                "1"));
    processes.add(instance);
    return resources.closeAfter(instance);
  }

  /**
   * Whether the instance's {@code /api/counts} is exactly the batch's. A 503 or a body that broke
   * off is not yet; a complete answer with other counts, or one the API may not give, is recorded
   * in {@code wrong} (when given) as a broken promise.
   */
  private static boolean countsAreTheBatch(
      FlowrankProcess instance, BatchCount batch, Queue<String> wrong) throws InterruptedException {
    ApiClient client = ApiCalls.client(instance.httpUrl());
    try {
      Map<String, io.flowrank.core.evidence.Evidence> counts = client.counts(REQUEST);
      if (counts.equals(batch.evidence())) {
        return true;
      }
      if (wrong != null) {
        wrong.add(
            counts.size() + " devices instead of " + batch.counts().size() + " or other counts");
      }
    } catch (ApiException e) {
      if (wrong != null && e.problem() == ApiException.Problem.BAD_ANSWER) {
        wrong.add(e.getMessage());
      }
    }
    return false;
  }

  private void logOutputTails() {
    for (FlowrankProcess instance : processes) {
      LOG.error(
          "the last {} lines of instance {} ({}):\n{}",
          TAIL_LINES,
          instance.name(),
          instance.httpUrl(),
          instance.tail(TAIL_LINES));
    }
  }
}
