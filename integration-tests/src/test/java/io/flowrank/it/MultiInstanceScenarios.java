package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static io.flowrank.it.ApiCalls.WAIT;
import static io.flowrank.it.ApiCalls.assertJsonError;
import static io.flowrank.it.ApiCalls.awaitCaughtUp;
import static io.flowrank.it.TestData.TEN_FILES;
import static io.flowrank.it.TestData.batchCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.DeviceRankAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.producer.ReplayResult;
import io.flowrank.streams.Membership;
import io.flowrank.streams.StreamsApp;
import io.flowrank.streams.StreamsSettings;
import io.flowrank.streams.topology.Names;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several streams instances with one application id sharing the four partitions of {@code flows}:
 * whichever instance is asked, every answer is the whole cluster's — the global ranking, a device
 * another instance owns, every count once — and equal to the batch count of the same files. While
 * an instance joins or leaves, an answer is complete and right or a 503, never a partial list.
 *
 * <p>Written once; each subclass only says which cluster to run on ({@link #startKafka()}). Every
 * test gets a fresh cluster, its own application id, state folders and free HTTP ports ({@link
 * TestResources}), and waits with Awaitility, never with a fixed sleep.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
abstract class MultiInstanceScenarios {

  private static final Logger LOG = LoggerFactory.getLogger(MultiInstanceScenarios.class);
  private static final int PARTITIONS = 4;
  private static final int TOP = 20;

  /** At least this many devices must be asked of an instance that does not own them. */
  private static final int MIN_FORWARDED = 300;

  /** The rebalance watch: one request per tick, at most so many (40 s at the pace below). */
  private static final int MAX_WATCH_REQUESTS = 400;

  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
  private static final Serializer<String> KEYS = Serdes.String().serializer();

  /**
   * Starts a fresh, empty Kafka cluster for the current test; it is stopped after the test. Called
   * at most once per test.
   */
  protected abstract TestKafka startKafka() throws Exception;

  @TempDir Path tmp;

  private TestResources resources;
  private String applicationId;
  private final List<StreamsApp> instances = new ArrayList<>();

  /** Settings a scenario changes for every instance it starts. */
  private UnaryOperator<StreamsSettings> adjust = UnaryOperator.identity();

  @BeforeEach
  void prepare(TestInfo info) {
    String testName = info.getTestMethod().map(Method::getName).orElse("test");
    resources = new TestResources(testName, this::startKafka);
    applicationId = resources.newApplicationId();
  }

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  @Test
  void twoInstancesAnswerForTheWholeClusterEqualToTheBatch() throws Exception {
    everyInstanceAnswersForTheWholeCluster(2);
  }

  @Test
  void threeInstancesAnswerForTheWholeClusterEqualToTheBatch() throws Exception {
    everyInstanceAnswersForTheWholeCluster(3);
  }

  /**
   * The broker-driven streams rebalance protocol (KIP-1071, {@code --group-protocol streams}): the
   * same complete answers from every instance, standbys set through the group's configuration. One
   * stream thread: Kafka 4.3 announces one thread's partitions per instance to interactive queries.
   */
  @Test
  void twoInstancesUnderTheStreamsRebalanceProtocolAnswerEqualToTheBatch() throws Exception {
    adjust =
        settings ->
            settings
                .withThreads(1)
                .withMembership(
                    new Membership(
                        Membership.Protocol.STREAMS, Membership.DEFAULT_SESSION_TIMEOUT));
    everyInstanceAnswersForTheWholeCluster(2);
  }

  @Test
  void anInstanceJoiningAndLeavingNeverMakesTheRankingPartial() throws Exception {
    // Windows of an hour: every device of these rows (17 s of data time) stays in its first window,
    // so some changelogs hold no record unless the tasks mark them (ChangelogMarks); without it,
    // Kafka Streams 4.3 took a task of the joining instance, converted from standby to active, for
    // corrupted again and again, each time forcing a rebalance: minutes of 503s.
    BatchCount batch = replayTenFilesInto(List.of("a", "b"));
    StreamsApp first = instances.get(0);
    List<DeviceCount> expected = TopN.of(batch.counts(), TOP);
    RankingWatch watch = new RankingWatch(first.httpUrl(), PARTITIONS, expected);
    assertThat(watch.askIsComplete()).as("the ranking before the third instance").isTrue();

    try (AutoCloseable polling = watch.pollInBackground(WATCH_INTERVAL, MAX_WATCH_REQUESTS)) {
      long joining = System.nanoTime();
      StreamsApp third = startInstance("c");
      awaitCaughtUp(ApiCalls.client(third.httpUrl()), TEN_FILES.files());
      await("the first instance's ranking after the third joined")
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(watch::askIsComplete);
      LOG.info("third instance joined: complete answers again after {} ms", millisSince(joining));
      assertThat(ApiCalls.client(third.httpUrl()).counts(REQUEST)).isEqualTo(batch.evidence());

      long leaving = System.nanoTime();
      resources.closeNow(third);
      await("the first instance's ranking after the third left")
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(watch::askIsComplete);
      LOG.info("third instance left: complete answers again after {} ms", millisSince(leaving));
    }
    LOG.info("answers of the first instance while the third joined and left: {}", watch.summary());
    watch.assertNothingBroken();
    assertThat(watch.count(RankingWatch.Verdict.COMPLETE)).isPositive();
    assertThat(ApiCalls.client(first.httpUrl()).counts(REQUEST)).isEqualTo(batch.evidence());
  }

  // ---------------------------------------------------------------------------------------------

  private void everyInstanceAnswersForTheWholeCluster(int count) throws Exception {
    List<String> names = List.of("a", "b", "c").subList(0, count);
    BatchCount batch = replayTenFilesInto(names);
    List<DeviceCount> expectedTop = TopN.of(batch.counts(), TOP);
    Map<String, StreamsApp> owners = ownersOf(batch.counts().keySet());

    for (StreamsApp app : instances) {
      ApiClient client = ApiCalls.client(app.httpUrl());
      TopAnswer top = client.top(TOP, REQUEST);
      assertThat(top.partitions().covered())
          .as("partitions covered by %s", app.httpUrl())
          .isEqualTo(PARTITIONS);
      assertThat(top.partitions().total())
          .as("partitions in the answer of %s", app.httpUrl())
          .isEqualTo(PARTITIONS);
      assertThat(top.ranking()).as("the top %d of %s", TOP, app.httpUrl()).isEqualTo(expectedTop);

      assertThat(client.counts(REQUEST))
          .as("the counts of %s", app.httpUrl())
          .isEqualTo(batch.evidence());

      int forwarded = 0;
      for (var device : batch.evidence().entrySet()) {
        StreamsApp owner = owners.get(device.getKey());
        assertThat(client.device(device.getKey(), REQUEST).map(DeviceAnswer::evidence))
            .as(
                "the evidence of %s asked of %s, owned by %s",
                device.getKey(), app.httpUrl(), owner.httpUrl())
            .contains(device.getValue());
        if (owner != app) {
          forwarded++;
        }
      }
      LOG.info(
          "{}: {} devices right, {} of them owned by another instance",
          app.httpUrl(),
          batch.counts().size(),
          forwarded);
      assertThat(forwarded)
          .as("devices asked of %s that others own", app.httpUrl())
          .isGreaterThanOrEqualTo(MIN_FORWARDED);
      assertJsonError(
          ApiCalls.get(app.httpUrl(), "/api/devices/NoSuchDevice"), 404, "an unknown device");
      assertThat(client.device("NoSuchDevice", REQUEST)).isEmpty();
      assertThat(client.deviceRank("NoSuchDevice", REQUEST))
          .as("a device never seen is an answer, not a 404")
          .isEqualTo(DeviceRankAnswer.notFound("NoSuchDevice"));
      DashboardAnswers.assertEqualToTheBatch(app.httpUrl(), batch, count);
    }
  }

  /**
   * Starts one instance per name, replays the acceptance files and waits until every instance says
   * the application has caught up; returns the batch count of those files.
   */
  private BatchCount replayTenFilesInto(List<String> names) throws Exception {
    Path data = TestData.generate(tmp.resolve("data"), TEN_FILES);
    BatchCount batch = batchCount(data);
    assertThat(resources.createTopics(PARTITIONS)).as("partitions of flows").isEqualTo(PARTITIONS);
    for (String name : names) {
      instances.add(startInstance(name));
    }
    ReplayResult replay = resources.replay(data);
    assertThat(replay.filesCommitted()).isEqualTo(TEN_FILES.files());
    assertThat(replay.records()).isEqualTo(batch.records());
    for (StreamsApp app : instances) {
      awaitCaughtUp(ApiCalls.client(app.httpUrl()), TEN_FILES.files());
    }
    return batch;
  }

  private StreamsApp startInstance(String name) throws Exception {
    return resources.startStream(applicationId, tmp.resolve("state-" + name), adjust);
  }

  /** The instance that owns each device's key now, from Kafka Streams' own metadata. */
  private Map<String, StreamsApp> ownersOf(Iterable<String> devices) {
    Map<HostInfo, StreamsApp> byHost = new HashMap<>();
    for (StreamsApp app : instances) {
      byHost.put(HostInfo.buildFromEndpoint(app.httpAddress()), app);
    }
    Map<String, StreamsApp> owners = new HashMap<>();
    for (String device : devices) {
      KeyQueryMetadata metadata =
          instances.get(0).streams().queryMetadataForKey(Names.COUNTS_STORE, device, KEYS);
      StreamsApp owner = byHost.get(metadata.activeHost());
      assertThat(owner).as("the owner of %s (%s)", device, metadata.activeHost()).isNotNull();
      owners.put(device, owner);
    }
    return owners;
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
