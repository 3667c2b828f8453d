package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.ErrorAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.core.api.RawAnswer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' side of the streams app's HTTP API: the shared {@link ApiClient} of an address, raw
 * answers for checking statuses and error bodies, and the wait for a caught-up stream.
 */
final class ApiCalls {

  /** The longest any one wait of a scenario may take on a slow machine. */
  static final Duration WAIT = Duration.ofMinutes(2);

  /** The longest one request may take. */
  static final Duration REQUEST = Duration.ofSeconds(10);

  /** One client (one connection pool) per address for the whole run. */
  private static final Map<String, ApiClient> CLIENTS = new ConcurrentHashMap<>();

  private ApiCalls() {}

  /** The client of the app at {@code baseUrl}. */
  static ApiClient client(String baseUrl) {
    return CLIENTS.computeIfAbsent(baseUrl, url -> new ApiClient(URI.create(url), REQUEST));
  }

  /**
   * {@code GET baseUrl + pathAndQuery}, whatever the status.
   *
   * @throws ApiException when no answer came
   */
  static RawAnswer get(String baseUrl, String pathAndQuery)
      throws ApiException, InterruptedException {
    return client(baseUrl).send("GET", pathAndQuery, REQUEST);
  }

  /** The message of a JSON {@code {"error": "..."}} body, when it is one with a message. */
  static Optional<String> jsonError(RawAnswer answer) {
    return answer.readIf(ErrorAnswer.class).map(ErrorAnswer::error).filter(e -> !e.isBlank());
  }

  /** Whether the body is a JSON {@code {"error": "..."}} with a message. */
  static boolean hasJsonError(RawAnswer answer) {
    return jsonError(answer).isPresent();
  }

  /** A 503 as the API promises it: {@code Retry-After} and a JSON {@code {"error": "..."}}. */
  static boolean isUnavailableWithJsonError(RawAnswer answer) {
    return answer.status() == 503
        && answer.retryAfter().isPresent()
        && answer.contentType().startsWith("application/json")
        && hasJsonError(answer);
  }

  /** Asserts an error answer: the status, a JSON {@code {"error": "..."}} and no stack trace. */
  static void assertJsonError(RawAnswer answer, int status, String request) {
    assertThat(answer.status())
        .as("the status of %s: %s", request, answer.text())
        .isEqualTo(status);
    assertThat(answer.contentType())
        .as("the content type of %s", request)
        .startsWith("application/json");
    assertThat(hasJsonError(answer))
        .as("%s answers {\"error\": ...} with a message: %s", request, answer.text())
        .isTrue();
    assertThat(answer.text())
        .as("%s answers without a stack trace", request)
        .doesNotContain("Exception", "\tat ");
  }

  /**
   * Waits until the app has consumed everything committed and the replay log holds {@code files}.
   */
  static Progress awaitCaughtUp(ApiClient client, int files) {
    return await("the stream at " + client.endpoint() + " caught up with " + files + " files")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        // Unreachable or not ready yet (503) may pass; an answer that is not the API's will not.
        .ignoreExceptionsMatching(ApiException::waitingMayHelp)
        .until(
            () -> client.progress(REQUEST),
            progress -> progress.caughtUp() && progress.filesCommitted() == files);
  }
}
