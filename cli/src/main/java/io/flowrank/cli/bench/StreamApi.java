package io.flowrank.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The timed HTTP calls the benchmark makes to a streams app (status codes only); progress and counts
 * are read with the verifier's {@code StreamEndpoint}. One instance per calling thread.
 */
final class StreamApi {

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  StreamApi(String base) {
    this.base = base;
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

  private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
