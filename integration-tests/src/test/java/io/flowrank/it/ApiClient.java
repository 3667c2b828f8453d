package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.verifier.EndpointException;
import io.flowrank.core.api.Progress;
import io.flowrank.verifier.StreamEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tests' side of the streams app's HTTP API: raw answers (status, content type, JSON body) for
 * checking status codes and error bodies, the {@code /api/top} answer with its coverage, the
 * verifier's {@link StreamEndpoint} for progress and counts, and the wait for a caught-up stream.
 */
final class ApiClient {

  /** The longest any one wait of a scenario may take on a slow machine. */
  static final Duration WAIT = Duration.ofMinutes(2);

  /** The longest one request may take. */
  static final Duration REQUEST = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST).build();

  private ApiClient() {}

  /**
   * One HTTP answer: status, content type, {@code Retry-After} (empty when absent), the text and
   * its JSON ({@link MissingNode} when the text is not JSON, so an assertion can say what came
   * instead).
   */
  record HttpAnswer(
      int status, String contentType, Optional<String> retryAfter, String text, JsonNode body) {

    /** A 503 as the API promises it: {@code Retry-After} and a JSON {@code {"error": "..."}}. */
    boolean isUnavailableWithJsonError() {
      return status == 503
          && retryAfter.isPresent()
          && contentType.startsWith("application/json")
          && body.path("error").isTextual()
          && !body.path("error").asText().isBlank();
    }
  }

  /**
   * An answer of {@code /api/top}.
   *
   * @param covered the partitions the ranking says it covers
   * @param total the partitions there are
   * @param devices the ranking, best first
   */
  record Ranking(int covered, int total, List<DeviceCount> devices) {

    /** Reads a 200 answer; fails naming the answer when it is not a ranking. */
    static Ranking of(HttpAnswer answer) {
      assertThat(answer.status()).as("the status of %s", answer.text()).isEqualTo(200);
      Optional<Ranking> ranking = parse(answer.body());
      assertThat(ranking).as("a ranking with its coverage: %s", answer.text()).isPresent();
      return ranking.get();
    }

    /** The ranking in a JSON body, or empty when the body is not one. */
    static Optional<Ranking> parse(JsonNode body) {
      JsonNode partitions = body.path("partitions");
      JsonNode devices = body.path("devices");
      if (!partitions.path("covered").isInt()
          || !partitions.path("total").isInt()
          || !devices.isArray()) {
        return Optional.empty();
      }
      List<DeviceCount> list = new ArrayList<>();
      for (JsonNode device : devices) {
        if (!device.path("dstdevice").isTextual() || !device.path("count").isIntegralNumber()) {
          return Optional.empty();
        }
        list.add(new DeviceCount(device.get("dstdevice").asText(), device.get("count").asLong()));
      }
      return Optional.of(
          new Ranking(partitions.get("covered").asInt(), partitions.get("total").asInt(), list));
    }

    /** Covers all of {@code partitions} and is exactly {@code expected}. */
    boolean isComplete(int partitions, List<DeviceCount> expected) {
      return covered == partitions && total == partitions && devices.equals(expected);
    }
  }

  /** {@code GET baseUrl + pathAndQuery}. */
  static HttpAnswer get(String baseUrl, String pathAndQuery)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(REQUEST)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Retry-After"),
        response.body());
  }

  /** An answer from its parts, whichever client got it; the JSON is read from {@code text}. */
  static HttpAnswer answer(
      int status, String contentType, Optional<String> retryAfter, String text) {
    JsonNode body;
    try {
      body = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      body = MissingNode.getInstance();
    }
    return new HttpAnswer(status, contentType, retryAfter, text, body);
  }

  /** The verifier's client of the app at {@code baseUrl}. */
  static StreamEndpoint endpoint(String baseUrl) {
    return new StreamEndpoint(URI.create(baseUrl), REQUEST);
  }

  /** Asserts an error answer: the status, a JSON {@code {"error": "..."}} and no stack trace. */
  static void assertJsonError(HttpAnswer answer, int status, String request) {
    assertThat(answer.status())
        .as("the status of %s: %s", request, answer.text())
        .isEqualTo(status);
    assertThat(answer.contentType())
        .as("the content type of %s", request)
        .startsWith("application/json");
    assertThat(answer.body().isObject())
        .as("%s answers a JSON object: %s", request, answer.text())
        .isTrue();
    assertThat(answer.body().path("error").isTextual())
        .as("%s answers {\"error\": ...}: %s", request, answer.text())
        .isTrue();
    assertThat(answer.body().path("error").asText()).isNotBlank();
    assertThat(answer.text())
        .as("%s answers without a stack trace", request)
        .doesNotContain("Exception", "\tat ");
  }

  /**
   * Waits until the app has consumed everything committed and the replay log holds {@code files}.
   */
  static Progress awaitCaughtUp(StreamEndpoint endpoint, int files) {
    return await("the stream at " + endpoint.endpoint() + " caught up with " + files + " files")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        // Unreachable or not ready yet (503) may pass; an answer that is not the API's will not.
        .ignoreExceptionsMatching(
            e ->
                e instanceof EndpointException problem
                    && problem.problem() != EndpointException.Problem.BAD_ANSWER)
        .until(
            () -> endpoint.progress(REQUEST),
            progress -> progress.caughtUp() && progress.filesCommitted() == files);
  }
}
