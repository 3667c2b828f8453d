package io.flowrank.core.api;

import static io.flowrank.core.api.CannedServer.Canned.json;
import static io.flowrank.core.api.CannedServer.Canned.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.WebPorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server: what each answer becomes, and what each failure says. */
class ApiClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String NDJSON = "application/x-ndjson";

  private final CannedServer server;
  private final ApiClient client;

  ApiClientTest() throws IOException {
    server = new CannedServer();
    client = new ApiClient(server.endpoint(), TIMEOUT);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readsProgressIgnoringUnknownFields() throws Exception {
    ObjectNode answer = Wire.JSON.valueToTree(WireTest.PROGRESS);
    answer.putArray("somethingNew").add("ignored by the client");
    server.answer("/api/progress", json(200, answer));

    Progress progress = client.progress(TIMEOUT);

    assertThat(progress).isEqualTo(WireTest.PROGRESS);
    assertThat(progress.totalLag()).isEqualTo(7);
    assertThat(server.requests.get(0).accept()).isEqualTo("application/json, application/x-ndjson");
  }

  @Test
  void progressWithoutCaughtUpIsABadAnswer() {
    ObjectNode answer = Wire.JSON.valueToTree(WireTest.PROGRESS);
    answer.remove("caughtUp");
    server.answer("/api/progress", json(200, answer));

    assertProblem(
        () -> client.progress(TIMEOUT),
        ApiException.Problem.BAD_ANSWER,
        "GET "
            + server.endpoint()
            + "/api/progress gave an answer the verifier cannot use:"
            + " \"caughtUp\" is missing or not a boolean");
  }

  @Test
  void aNegativeCountIsABadAnswer() {
    ObjectNode answer = Wire.JSON.valueToTree(WireTest.PROGRESS);
    answer.put("records", -1);
    server.answer("/api/progress", json(200, answer));

    assertThatThrownBy(() -> client.progress(TIMEOUT))
        .hasMessageEndingWith(": \"records\" is missing or not a count");
  }

  @Test
  void a503IsNotReadyWithTheServersReason() {
    server.answer(
        "/api/progress",
        json(503, new ErrorAnswer("Kafka Streams is PENDING_ERROR, not RUNNING")));

    assertProblem(
        () -> client.progress(TIMEOUT),
        ApiException.Problem.NOT_READY,
        "not ready: Kafka Streams is PENDING_ERROR, not RUNNING");
  }

  @Test
  void anotherStatusIsABadAnswerQuotingTheError() {
    server.answer("/api/progress", json(404, new ErrorAnswer("no such path: /api/progress")));

    assertThatThrownBy(() -> client.progress(TIMEOUT))
        .hasMessageEndingWith(
            "/api/progress gave an answer the verifier cannot use:"
                + " HTTP 404: no such path: /api/progress");
  }

  @Test
  void anHtmlPageIsQuotedOnOneLineEscapedAndCut() {
    String page = "<html>\n<h1>Bad \u001b[31mGateway</h1>\n" + "x".repeat(400) + "</html>";
    server.answer("/api/top?n=20", text(502, "text/html", page));

    assertThatThrownBy(() -> client.top(20, TIMEOUT))
        .hasMessageContaining("HTTP 502: <html> <h1>Bad \\u001b[31mGateway</h1> xxx")
        .hasMessageEndingWith("x...")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u001b"));
  }

  @Test
  void aBodyThatIsNotJsonIsABadAnswer() {
    server.answer("/api/progress", text(200, "text/plain", "all good"));

    assertThatThrownBy(() -> client.progress(TIMEOUT))
        .hasMessageEndingWith("/api/progress gave an answer the verifier cannot use: not JSON");
  }

  @Test
  void readsTheTopAnswer() throws Exception {
    server.answer("/api/top?n=2", json(200, WireTest.TOP));

    TopAnswer top = client.top(2, TIMEOUT);

    assertThat(top).isEqualTo(WireTest.TOP);
    assertThat(top.ranking())
        .containsExactly(
            new DeviceCount("Comp1", 6), new DeviceCount("Comp2", 4));
  }

  @Test
  void readsThePortsOfTheTopAnswer() throws Exception {
    server.answer("/api/top?n=1", json(200, top(List.of(443, 8080))));

    assertThat(client.ports(TIMEOUT)).isEqualTo(WebPorts.of(List.of(8080, 443)));
  }

  @Test
  void portsOutOfRangeAreABadAnswer() {
    server.answer("/api/top?n=1", json(200, top(List.of(70_000))));

    assertProblemIs(() -> client.ports(TIMEOUT), ApiException.Problem.BAD_ANSWER);
  }

  @Test
  void aDeviceIsFoundOrNot() throws Exception {
    server.answer("/api/devices/Comp1", json(200, Answers.device("Comp1", 6)));

    assertThat(client.device("Comp1", TIMEOUT)).contains(Answers.device("Comp1", 6));
    assertThat(client.device("Nobody", TIMEOUT)).isEmpty();
  }

  @Test
  void aDeviceNameIsOnePercentEncodedSegment() throws Exception {
    String name = "a/b c.é%+?#";
    String path = "/api/devices/a%2Fb%20c%2E%C3%A9%25%2B%3F%23";
    server.answer(path, json(200, Answers.device(name, 1)));
    server.answer(path + "?rank=true", json(200, DeviceRankAnswer.notFound(name)));

    assertThat(client.device(name, TIMEOUT)).contains(Answers.device(name, 1));
    assertThat(client.deviceRank(name, TIMEOUT)).isEqualTo(DeviceRankAnswer.notFound(name));
    assertThat(server.requests.get(0).rawPathAndQuery()).isEqualTo(path);
  }

  @Test
  void aRankIsReadWithItsShare() throws Exception {
    DeviceRankAnswer rank = Answers.rank("Comp1", 6, 1, 10, 0.6);
    server.answer("/api/devices/Comp1?rank=true", json(200, rank));

    assertThat(client.deviceRank("Comp1", TIMEOUT)).isEqualTo(rank);
  }

  @Test
  void readsTheClusterAndTheRates() throws Exception {
    ClusterAnswer cluster =
        new ClusterAnswer(
            "app",
            "NOT_STARTED",
            List.of(80, 443),
            "counts",
            new Coverage(0, 0),
            List.of(),
            List.of());
    RatesAnswer rates = new RatesAnswer(5, 0, List.of());
    server.answer("/api/cluster", json(200, cluster)).answer("/api/rates", json(200, rates));

    assertThat(client.cluster(TIMEOUT)).isEqualTo(cluster);
    assertThat(client.rates(TIMEOUT)).isEqualTo(rates);
  }

  @Test
  void healthAnswersItsStateWith200Or503() throws Exception {
    server.answer("/health", json(503, new HealthAnswer("REBALANCING")));
    assertThat(client.health(TIMEOUT))
        .isEqualTo(new ApiClient.Health(503, new HealthAnswer("REBALANCING")));

    server.answer("/health", json(200, new HealthAnswer("RUNNING")));
    assertThat(client.health(TIMEOUT))
        .isEqualTo(new ApiClient.Health(200, new HealthAnswer("RUNNING")));

    server.answer("/health", json(500, new ErrorAnswer("boom")));
    assertProblemIs(() -> client.health(TIMEOUT), ApiException.Problem.BAD_ANSWER);
  }

  @Test
  void aRawCallGivesTheAnswerAsItCame() throws Exception {
    server.answer(
        "/api/top?n=5&stale=true",
        new CannedServer.Canned(
            503,
            "application/json",
            "1",
            Wire.JSON.writeValueAsBytes(new ErrorAnswer("rebalancing"))));

    RawAnswer answer = client.send("GET", "/api/top?n=5&stale=true", TIMEOUT);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.retryAfter()).contains("1");
    assertThat(answer.text()).isEqualTo("{\"error\":\"rebalancing\"}");
    assertThat(answer.readIf(ErrorAnswer.class)).contains(new ErrorAnswer("rebalancing"));
    assertThat(answer.readIf(TopAnswer.class)).isEmpty();
    assertThatThrownBy(() -> answer.read(TopAnswer.class))
        .hasMessage("not a TopAnswer: \"ports\" is missing or not an array");
    assertThat(server.requests.get(0).accept()).as("no Accept header on a raw call").isNull();

    RawAnswer head = client.send("HEAD", "/no/such/path", TIMEOUT);
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.retryAfter()).isEmpty();
    assertThat(head.body()).isEmpty();
    assertThat(head.readIf(ErrorAnswer.class)).isEmpty();
  }

  @Test
  void readsEveryCountOfTheNdjsonAnswer() throws Exception {
    Map<String, io.flowrank.core.evidence.Evidence> counts = new HashMap<>();
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      counts.put("Comp" + i, Answers.evidence((long) i * 3));
      ndjson
          .append(Wire.JSON.writeValueAsString(Answers.device("Comp" + i, (long) i * 3)))
          .append('\n');
    }
    server.answer("/api/counts", text(200, NDJSON, ndjson.toString()));

    assertThat(client.counts(TIMEOUT)).isEqualTo(counts);
  }

  @Test
  void anEmptyCountsAnswerIsNoDevices() throws Exception {
    server.answer("/api/counts", text(200, NDJSON, ""));

    assertThat(client.counts(TIMEOUT)).isEmpty();
  }

  @Test
  void aCountsLineOfTheWrongShapeIsABadAnswer() throws Exception {
    String first = Wire.JSON.writeValueAsString(Answers.device("Comp1", 2)) + "\n";
    Map<String, String> bad =
        Map.of(
            first + "{\"dstdevice\":\"Comp2\",\"count\":\"3\"}\n",
            "line 2 is not {\"dstdevice\": name, \"count\": N}",
            first + "{\"dstdevice\":\"Comp2\"}\n",
            "line 2 is not {\"dstdevice\": name, \"count\": N}",
            first + "{\"dstdevice\":\"\",\"count\":3}\n",
            "line 2 is not {\"dstdevice\": name, \"count\": N}",
            first + "{\"dstdevice\":\"Comp2\",\"count\":-3}\n",
            "line 2 is not {\"dstdevice\": name, \"count\": N}",
            first + "{\"dstdevice\":\"Comp2\",\"count\":99999999999999999999}\n",
            "line 2 is not {\"dstdevice\": name, \"count\": N}",
            first + "[\"Comp2\", 3]\n",
            "line 2 is not a JSON object",
            first + Wire.JSON.writeValueAsString(Answers.device("Comp1", 5)) + "\n",
            "device Comp1 appears twice",
            first + "{\"dstdev",
            "not NDJSON: Unexpected end-of-input");
    bad.forEach(
        (body, problem) -> {
          server.answer("/api/counts", text(200, NDJSON, body));
          assertThatThrownBy(() -> client.counts(TIMEOUT))
              .as(body)
              .isInstanceOfSatisfying(
                  ApiException.class,
                  e -> assertThat(e.problem()).isEqualTo(ApiException.Problem.BAD_ANSWER))
              .hasMessageContaining(
                  "/api/counts gave an answer the verifier cannot use: " + problem);
        });
  }

  @Test
  void countsNotReadyIsNotReady() {
    server.answer("/api/counts", json(503, new ErrorAnswer("the store is not queryable now")));

    assertProblem(
        () -> client.counts(TIMEOUT),
        ApiException.Problem.NOT_READY,
        "not ready: the store is not queryable now");
  }

  @Test
  void aBaseUrlWithAPathAndSlashIsKept() throws Exception {
    server.answer("/flowrank/api/progress", json(200, WireTest.PROGRESS));
    ApiClient withSlash = new ApiClient(URI.create(server.endpoint() + "/flowrank/"), TIMEOUT);

    assertThat(withSlash.progress(TIMEOUT)).isEqualTo(WireTest.PROGRESS);
    assertThat(withSlash.endpoint()).isEqualTo(URI.create(server.endpoint() + "/flowrank/"));
  }

  @Test
  void nothingListeningIsUnreachable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ApiClient nobody = new ApiClient(URI.create("http://127.0.0.1:" + port), TIMEOUT);

    assertProblem(
        () -> nobody.progress(TIMEOUT), ApiException.Problem.UNREACHABLE, "connection refused");
    assertThat(
            ApiException.waitingMayHelp(
                new ApiException(ApiException.Problem.UNREACHABLE, "connection refused")))
        .isTrue();
    assertThat(ApiException.waitingMayHelp(new ApiException(ApiException.Problem.NOT_READY, "")))
        .isTrue();
    assertThat(ApiException.waitingMayHelp(new ApiException(ApiException.Problem.BAD_ANSWER, "")))
        .isFalse();
    assertThat(ApiException.waitingMayHelp(new IOException("not ours"))).isFalse();
  }

  private static TopAnswer top(List<Integer> ports) {
    return new TopAnswer(ports, "count", new Coverage(1, 1), 0, List.of());
  }

  private static void assertProblem(
      ThrowingCall call, ApiException.Problem problem, String message) {
    assertThatThrownBy(call::call)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.problem()).isEqualTo(problem))
        .hasMessage(message);
  }

  private static void assertProblemIs(ThrowingCall call, ApiException.Problem problem) {
    assertThatThrownBy(call::call)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  @FunctionalInterface
  private interface ThrowingCall {
    Object call() throws Exception;
  }

}
