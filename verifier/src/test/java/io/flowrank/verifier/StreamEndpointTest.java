package io.flowrank.verifier;

import static io.flowrank.verifier.FakeStreamsApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.api.Progress;
import io.flowrank.core.rules.WebPorts;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a real server: what each answer becomes. */
class StreamEndpointTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final FakeStreamsApp app = new FakeStreamsApp();
  private final StreamEndpoint endpoint = new StreamEndpoint(app.endpoint(), TIMEOUT);

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void readsProgressIgnoringUnknownFields() throws Exception {
    app.progress(FakeStreamsApp.progressAnswer(false, 3, 100, 20, Map.of("NOT_JSON", 4L)));

    Progress p = endpoint.progress(TIMEOUT);

    assertThat(p)
        .isEqualTo(
            new Progress(
                "RUNNING", 100, 20, 4, Map.of("NOT_JSON", 4L), Map.of("flows-0", 7L), 3, 3, false, 0,
                List.of()));
    assertThat(p.totalLag()).isEqualTo(7);
  }

  @Test
  void progressWithoutCaughtUpIsABadAnswer() {
    app.progress(json(200, Map.of("state", "RUNNING", "records", 1)));

    assertThatThrownBy(() -> endpoint.progress(TIMEOUT))
        .isInstanceOfSatisfying(
            EndpointException.class,
            e -> assertThat(e.problem()).isEqualTo(EndpointException.Problem.BAD_ANSWER))
        .hasMessageContaining("\"caughtUp\" is missing");
  }

  @Test
  void aNegativeCountIsABadAnswer() {
    Map<String, Object> body = new HashMap<>();
    body.put("state", "RUNNING");
    body.put("records", -1);
    body.put("webFlows", 0);
    body.put("rejected", 0);
    body.put("filesCommitted", 0);
    body.put("caughtUp", true);
    app.progress(json(200, body));

    assertThatThrownBy(() -> endpoint.progress(TIMEOUT))
        .hasMessageContaining("\"records\" is missing or not a count");
  }

  @Test
  void a503IsNotReadyWithTheServersReason() {
    app.progress(FakeStreamsApp.notReady("Kafka Streams is PENDING_ERROR, not RUNNING"));

    assertThatThrownBy(() -> endpoint.progress(TIMEOUT))
        .isInstanceOfSatisfying(
            EndpointException.class,
            e -> assertThat(e.problem()).isEqualTo(EndpointException.Problem.NOT_READY))
        .hasMessage("not ready: Kafka Streams is PENDING_ERROR, not RUNNING");
  }

  @Test
  void readsThePortsOfTheTopAnswer() throws Exception {
    app.ports(List.of(443, 8080));

    assertThat(endpoint.ports(TIMEOUT)).isEqualTo(WebPorts.of(List.of(8080, 443)));
  }

  @Test
  void portsOutOfRangeAreABadAnswer() {
    app.ports(List.of(70_000));

    assertThatThrownBy(() -> endpoint.ports(TIMEOUT))
        .isInstanceOfSatisfying(
            EndpointException.class,
            e -> assertThat(e.problem()).isEqualTo(EndpointException.Problem.BAD_ANSWER));
  }

  @Test
  void readsEveryCountOfTheNdjsonAnswer() throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      counts.put("Comp" + i, (long) i * 3);
    }
    app.counts(counts);

    assertThat(endpoint.counts(TIMEOUT)).isEqualTo(counts);
  }

  @Test
  void anEmptyCountsAnswerIsNoDevices() throws Exception {
    app.counts(Map.of());

    assertThat(endpoint.counts(TIMEOUT)).isEmpty();
  }

  @Test
  void aCountsLineOfTheWrongShapeIsABadAnswer() {
    app.counts(
        new FakeStreamsApp.Answer(
            200,
            "application/x-ndjson",
            "{\"dstdevice\":\"Comp1\",\"count\":2}\n{\"dstdevice\":\"Comp2\",\"count\":\"3\"}\n"));

    assertThatThrownBy(() -> endpoint.counts(TIMEOUT))
        .hasMessageContaining("line 2 is not {\"dstdevice\": name, \"count\": N}");
  }

  @Test
  void truncatedCountsAreABadAnswer() {
    app.counts(
        new FakeStreamsApp.Answer(
            200, "application/x-ndjson", "{\"dstdevice\":\"Comp1\",\"count\":2}\n{\"dstdev"));

    assertThatThrownBy(() -> endpoint.counts(TIMEOUT))
        .isInstanceOfSatisfying(
            EndpointException.class,
            e -> assertThat(e.problem()).isEqualTo(EndpointException.Problem.BAD_ANSWER));
  }

  @Test
  void countsNotReadyIsNotReady() {
    app.counts(FakeStreamsApp.notReady("the store is not queryable now"));

    assertThatThrownBy(() -> endpoint.counts(TIMEOUT))
        .isInstanceOfSatisfying(
            EndpointException.class,
            e -> assertThat(e.problem()).isEqualTo(EndpointException.Problem.NOT_READY))
        .hasMessageContaining("the store is not queryable now");
  }

  @Test
  void aBaseUrlWithAPathAndSlashIsKept() throws Exception {
    app.progress(FakeStreamsApp.progressAnswer(true, 1, 1, 1, Map.of()));
    StreamEndpoint withSlash =
        new StreamEndpoint(java.net.URI.create(app.endpoint() + "/"), TIMEOUT);

    assertThat(withSlash.progress(TIMEOUT).caughtUp()).isTrue();
  }
}
