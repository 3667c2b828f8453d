package io.flowrank.it;

import static io.flowrank.it.ApiClient.REQUEST;
import static io.flowrank.it.ApiClient.awaitCaughtUp;
import static io.flowrank.it.TestData.TEN_FILES;
import static io.flowrank.it.TestData.batchCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.producer.ReplayResult;
import io.flowrank.verifier.EndpointException;
import io.flowrank.core.api.Progress;
import io.flowrank.verifier.StreamEndpoint;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fail-over between two {@code flowrank stream} processes (one application id, one standby replica
 * each) on the embedded broker of the test JVM: one process is killed outright, and the survivor
 * must again answer for the whole cluster — every count, the exact top 20 — within a minute, the
 * bound the issue sets. The time it takes is measured and logged, not asserted. Until then every
 * answer of the survivor is complete and right or a 503 with a JSON error, never a partial ranking.
 *
 * <p>The processes are killed after the test whatever happens; their output is kept in files and
 * its end is logged when the test fails.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class InstanceFailoverTest {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceFailoverTest.class);
  private static final int PARTITIONS = 4;
  private static final int TOP = 20;

  /** The bound: the survivor answers for the whole cluster within a minute. */
  private static final Duration FAIL_OVER_BOUND = Duration.ofSeconds(60);

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
  void theSurvivorAnswersForTheWholeClusterWithinAMinuteOfAnInstanceDying() throws Exception {
    Path data = TestData.generate(tmp.resolve("data"), TEN_FILES);
    BatchCount batch = batchCount(data);
    List<DeviceCount> expectedTop = TopN.of(batch.counts(), TOP);
    assertThat(resources.createTopics(PARTITIONS)).as("partitions of flows").isEqualTo(PARTITIONS);

    FlowrankProcess one = startInstance("a");
    FlowrankProcess other = startInstance("b");
    // An instance gathers from the cluster in address order (one host here: port order). The one
    // that dies is the later one, so the survivor's own counts come first and the failure comes
    // after the first bytes of an answer: the hard case for "never a partial answer".
    boolean oneFirst = one.httpPort() < other.httpPort();
    FlowrankProcess victim = oneFirst ? other : one;
    FlowrankProcess survivor = oneFirst ? one : other;
    ReplayResult replay = resources.replay(data);
    assertThat(replay.filesCommitted()).isEqualTo(TEN_FILES.files());
    for (FlowrankProcess instance : processes) {
      awaitCaughtUp(ApiClient.endpoint(instance.httpUrl()), TEN_FILES.files());
      RankingWatch before = new RankingWatch(instance.httpUrl(), PARTITIONS, expectedTop);
      await("complete answers from instance " + instance.name() + " before the kill")
          .atMost(ApiClient.WAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> before.askIsComplete() && countsAreTheBatch(instance, batch, null));
    }

    RankingWatch watch = new RankingWatch(survivor.httpUrl(), PARTITIONS, expectedTop);
    Queue<String> wrongCounts = new ConcurrentLinkedQueue<>();
    long killed;
    long failOverMillis;
    try (AutoCloseable polling = watch.pollInBackground(WATCH_INTERVAL, MAX_WATCH_REQUESTS)) {
      killed = System.nanoTime();
      victim.kill();
      await("the survivor answering for the whole cluster after " + victim.name() + " died")
          .atMost(FAIL_OVER_BOUND)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                // Both asked every time: every answer is judged, not only the first bad one.
                boolean top = watch.askIsComplete();
                boolean counts = countsAreTheBatch(survivor, batch, wrongCounts);
                return top && counts;
              });
      failOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    }
    LOG.info(
        "fail-over: the survivor answered every count and the top {} right {} ms after the kill;"
            + " its answers meanwhile: {}",
        TOP,
        failOverMillis,
        watch.summary());

    watch.assertNothingBroken();
    assertThat(wrongCounts.stream().distinct().toList())
        .as(
            "answers of /api/counts that were a 200 but not every count right (%d in all)",
            wrongCounts.size())
        .isEmpty();
    assertThat(survivor.isAlive()).isTrue();
    Progress progress = awaitCaughtUp(ApiClient.endpoint(survivor.httpUrl()), TEN_FILES.files());
    assertThat(progress.records()).isEqualTo(batch.records());
    assertThat(progress.webFlows()).isEqualTo(batch.webFlows());
  }

  private FlowrankProcess startInstance(String name) throws Exception {
    Path state = Files.createDirectories(tmp.resolve("state-" + name));
    FlowrankProcess instance =
        FlowrankProcess.stream(
            name,
            tmp.resolve("instance-" + name + ".log"),
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
    StreamEndpoint endpoint = ApiClient.endpoint(instance.httpUrl());
    try {
      Map<String, Long> counts = endpoint.counts(REQUEST);
      if (counts.equals(batch.counts())) {
        return true;
      }
      if (wrong != null) {
        wrong.add(
            counts.size() + " devices instead of " + batch.counts().size() + " or other counts");
      }
    } catch (EndpointException e) {
      if (wrong != null && e.problem() == EndpointException.Problem.BAD_ANSWER) {
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
