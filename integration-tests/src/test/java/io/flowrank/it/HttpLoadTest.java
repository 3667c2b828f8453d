package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static io.flowrank.it.ApiCalls.WAIT;
import static io.flowrank.it.ApiCalls.awaitCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.producer.ReplayResult;
import io.flowrank.streams.StreamsApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under concurrent load while a replay runs: {@value #CLIENTS} client threads on
 * loopback ask {@code /api/top?n=20} and {@code /api/devices/{id}} as fast as they can, at most
 * {@value #MAX_REQUESTS} requests once the app answers and at most {@link #MAX_TIME}, whichever
 * comes first, while the producer replays the files into the streams app. Every answer must be one
 * the API promises: 200 with a well-formed answer whose counts never exceed the batch count, 404 for
 * a device not counted yet, or 503 with a JSON error before the app first answered or, after, while
 * it rebalances; anything else (another status, a body that is not the API's, a failed request) is
 * an error, and there must be none. Once the replay is done the stream must still equal the batch
 * count. The latencies (p50/p99 per endpoint) are printed as figures, not asserted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
final class HttpLoadTest {

  private static final Logger LOG = LoggerFactory.getLogger(HttpLoadTest.class);

  private static final int CLIENTS = 6;
  private static final int MAX_REQUESTS = 20_000;
  private static final Duration MAX_TIME = Duration.ofSeconds(20);
  private static final int FILES = 20;
  private static final int ROWS_PER_FILE = 5_000;
  private static final String NEVER_SEEN = "NeverSeenDevice";

  /** How the API's 503 begins while Kafka Streams rebalances. */
  private static final String REBALANCING = "Kafka Streams is REBALANCING";

  /** The two endpoints under load. */
  private enum Endpoint {
    TOP,
    DEVICE
  }

  @TempDir Path tmp;

  private TestResources resources;

  @BeforeEach
  void prepare() {
    resources = new TestResources("HttpLoadTest", TestKafka::embedded);
  }

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  @Test
  void concurrentQueriesDuringAReplayGetOnlyAnswersTheApiPromises() throws Exception {
    Path data =
        TestData.generate(
            tmp.resolve("data"),
            TestData.TEN_FILES.withFiles(FILES).withRowsPerFile(ROWS_PER_FILE).withSeed(17));
    BatchCount batch = TestData.batchCount(data);
    List<String> devices = devicesToAsk(batch.counts());

    String applicationId = resources.newApplicationId();
    StreamsApp app = resources.startStream(applicationId, tmp.resolve("state-" + applicationId));
    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
    try {
      Future<ReplayResult> replay = threads.submit(() -> resources.replay(data));
      Load load = new Load(app.httpUrl(), devices, batch.counts());
      List<Future<?>> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        long seed = client;
        clients.add(threads.submit(() -> load.run(new Random(seed))));
      }
      for (Future<?> client : clients) {
        client.get(MAX_TIME.plus(WAIT).toSeconds(), TimeUnit.SECONDS);
      }
      load.report(replay.isDone());
      try {
        LOG.info(
            "when the load stopped the stream had read {} of {} records",
            ApiCalls.client(app.httpUrl()).progress(REQUEST).records(),
            batch.records());
      } catch (ApiException notReadyYet) {
        // The load may end before the first rebalance does (a 503 is an answer the API promises).
        LOG.info("when the load stopped the stream was not serving yet: {}", notReadyYet.getMessage());
      }

      assertThat(load.errors).as("answers the API does not promise").isEmpty();
      assertThat(load.answered(Endpoint.TOP, 200)).as("rankings answered").isPositive();
      assertThat(load.answered(Endpoint.DEVICE, 200)).as("device counts answered").isPositive();

      ReplayResult replayed = replay.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(replayed.filesCommitted()).isEqualTo(FILES);
    } finally {
      threads.shutdownNow();
    }

    // The load changed nothing: the stream ends equal to the batch count.
    ApiClient client = ApiCalls.client(app.httpUrl());
    awaitCaughtUp(client, FILES);
    assertThat(client.counts(REQUEST)).isEqualTo(batch.evidence());
    assertThat(client.top(20, REQUEST).ranking())
        .containsExactlyElementsOf(TopN.of(batch.counts(), 20));
  }

  /** The 50 busiest devices, 50 others and one never seen, so 200s and 404s both occur. */
  private static List<String> devicesToAsk(Map<String, Long> counts) {
    List<String> devices = new ArrayList<>();
    TopN.of(counts, 50).forEach(device -> devices.add(device.dstdevice()));
    List<String> rest = new ArrayList<>(counts.keySet());
    rest.removeAll(devices);
    Collections.sort(rest);
    Collections.shuffle(rest, new Random(1));
    devices.addAll(rest.subList(0, Math.min(50, rest.size())));
    devices.add(NEVER_SEEN);
    return devices;
  }

  /** The load's state, shared by the client threads: the budget, the tallies, the latencies. */
  private static final class Load {

    private final String baseUrl;
    private final List<String> devices;
    private final Map<String, Long> finalCounts;
    private final long deadline = System.nanoTime() + MAX_TIME.toNanos();
    private final AtomicInteger budget = new AtomicInteger(MAX_REQUESTS);

    /** When the first 200 arrived (nanoTime), or {@link Long#MAX_VALUE} before. */
    private final AtomicLong firstAnswer = new AtomicLong(Long.MAX_VALUE);

    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Map<Endpoint, List<Long>> latencies = new EnumMap<>(Endpoint.class);

    Load(String baseUrl, List<String> devices, Map<String, Long> finalCounts) {
      this.baseUrl = baseUrl;
      this.devices = devices;
      this.finalCounts = finalCounts;
      for (Endpoint endpoint : Endpoint.values()) {
        latencies.put(endpoint, Collections.synchronizedList(new ArrayList<>()));
      }
    }

    /**
     * One client: requests until the budget or the time is spent. The budget counts from the first
     * 200: the 503s of a start-up are quick, and could spend it before the app answers at all.
     */
    void run(Random random) {
      while (System.nanoTime() < deadline
          && (firstAnswer.get() == Long.MAX_VALUE || budget.getAndDecrement() > 0)) {
        boolean top = random.nextBoolean();
        String device = devices.get(random.nextInt(devices.size()));
        String target =
            top
                ? "/api/top?n=20"
                : "/api/devices/"
                    + URLEncoder.encode(device, StandardCharsets.UTF_8).replace("+", "%20");
        Endpoint endpoint = top ? Endpoint.TOP : Endpoint.DEVICE;
        long start = System.nanoTime();
        RawAnswer answer;
        try {
          answer = ApiCalls.get(baseUrl, target);
        } catch (Exception e) {
          errors.add(target + ": " + e);
          continue;
        }
        long end = System.nanoTime();
        latencies.get(endpoint).add(end - start);
        statuses
            .computeIfAbsent(endpoint + " " + answer.status(), k -> new AtomicInteger())
            .incrementAndGet();
        String problem = top ? checkTop(answer, start) : checkDevice(answer, device, start);
        if (problem != null) {
          errors.add(target + " -> " + answer.status() + " " + answer.text() + ": " + problem);
        } else if (answer.status() == 200) {
          firstAnswer.accumulateAndGet(end, Math::min);
        }
      }
    }

    /** Why an answer of {@code /api/top} breaks the API's promises, or null when it keeps them. */
    private String checkTop(RawAnswer answer, long sentAt) {
      if (answer.status() == 503) {
        return unavailable(answer, sentAt);
      }
      if (answer.status() != 200) {
        return "not 200 or 503";
      }
      var ranking = answer.readIf(TopAnswer.class);
      if (ranking.isEmpty()) {
        return "not a ranking";
      }
      TopAnswer top = ranking.get();
      if (!top.partitions().complete()) {
        return "a 200 that does not cover every partition";
      }
      if (top.devices().size() > 20) {
        return "more than 20 devices";
      }
      for (DeviceCount device : top.ranking()) {
        if (device.count() > finalCounts.getOrDefault(device.dstdevice(), 0L)) {
          return device + " exceeds the batch count";
        }
      }
      return null;
    }

    /** Why an answer of {@code /api/devices/{id}} breaks the API's promises, or null. */
    private String checkDevice(RawAnswer answer, String device, long sentAt) {
      switch (answer.status()) {
        case 200 -> {
          var found = answer.readIf(DeviceAnswer.class);
          if (found.isEmpty() || !device.equals(found.get().dstdevice())) {
            return "not this device's count";
          }
          long count = found.get().count();
          return count >= 1 && count <= finalCounts.getOrDefault(device, 0L)
              ? null
              : "a count outside 1.." + finalCounts.getOrDefault(device, 0L);
        }
        case 404 -> {
          boolean jsonError =
              answer.contentType().startsWith("application/json") && ApiCalls.hasJsonError(answer);
          return jsonError ? null : "a 404 without a JSON error";
        }
        case 503 -> {
          return unavailable(answer, sentAt);
        }
        default -> {
          return "not 200, 404 or 503";
        }
      }
    }

    /**
     * A 503 is right only as the API words it, and, once the app has answered, only for a
     * rebalance: Kafka Streams may rebalance again soon after its start (a stream thread whose join
     * comes after the first assignment), and the API answers 503 while it does.
     */
    private String unavailable(RawAnswer answer, long sentAt) {
      if (!ApiCalls.isUnavailableWithJsonError(answer)) {
        return "a 503 without Retry-After and a JSON error";
      }
      if (sentAt <= firstAnswer.get()) {
        return null;
      }
      boolean rebalancing = ApiCalls.jsonError(answer).orElseThrow().startsWith(REBALANCING);
      return rebalancing ? null : "a 503 asked after the app had answered";
    }

    int answered(Endpoint endpoint, int status) {
      AtomicInteger n = statuses.get(endpoint + " " + status);
      return n == null ? 0 : n.get();
    }

    int total() {
      return statuses.values().stream().mapToInt(AtomicInteger::get).sum() + errors.size();
    }

    void report(boolean replayDone) {
      String tally =
          statuses.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(entry -> entry.getKey() + "=" + entry.getValue())
              .collect(Collectors.joining(", "));
      LOG.info(
          "{} requests by {} clients ({} errors; the replay {} when they stopped): {}",
          total(),
          CLIENTS,
          errors.size(),
          replayDone ? "had ended" : "was still running",
          tally);
      for (Endpoint endpoint : Endpoint.values()) {
        List<Long> sorted = new ArrayList<>(latencies.get(endpoint));
        Collections.sort(sorted);
        if (!sorted.isEmpty()) {
          LOG.info(
              "{}: {} answers, p50 {} ms, p99 {} ms, max {} ms",
              endpoint,
              sorted.size(),
              millis(percentile(sorted, 50)),
              millis(percentile(sorted, 99)),
              millis(sorted.get(sorted.size() - 1)));
        }
      }
    }

    private static long percentile(List<Long> sorted, int percent) {
      int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index));
    }

    private static String millis(long nanos) {
      return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
  }
}
