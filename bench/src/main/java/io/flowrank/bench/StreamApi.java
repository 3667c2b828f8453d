package io.flowrank.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The timed HTTP calls the benchmark makes to a streams app (status codes, and the body where the
 * recovery phase compares answers); progress and counts are read with the verifier's {@code
 * StreamEndpoint}. One instance per calling thread.
 */
final class StreamApi {

  /** A status and the body that came with it. */
  record Answer(int status, String body) {}

  private final String base;
  private final Duration requestTimeout;
  private final HttpClient http;

  StreamApi(String base) {
    this(base, Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  /**
   * A client that gives up connecting after {@code connectTimeout} and waiting for an answer after
   * {@code requestTimeout}.
   */
  StreamApi(String base, Duration connectTimeout, Duration requestTimeout) {
    this.base = base;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  /** {@code /health} answers 200. */
  boolean healthy() {
    try {
      return get("/health", HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The HTTP status of {@code /api/devices/{dstdevice}}: 200 once the device has a count. */
  int device(String dstdevice) throws IOException {
    return get(
            "/api/devices/" + URLEncoder.encode(dstdevice, StandardCharsets.UTF_8),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The HTTP status of {@code /api/top?n=N}, the body read and dropped. */
  int top(int n) throws IOException {
    return get("/api/top?n=" + n, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** {@code GET path} (such as {@code /api/top?n=20}): the status and the body, read whole. */
  Answer answer(String path) throws IOException {
    HttpResponse<String> response =
        get(path, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body());
  }

  private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout).GET().build();
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
