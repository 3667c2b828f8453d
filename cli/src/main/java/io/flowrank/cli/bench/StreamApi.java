package io.flowrank.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The few HTTP calls the benchmark makes to a streams app. One instance per calling thread. */
final class StreamApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  StreamApi(String base) {
    this.base = base;
  }

  /** What the benchmark reads of {@code /api/progress}. */
  record Progress(boolean caughtUp, long filesCommitted, long records, long webFlows) {}

  /** {@code /health} answers 200. */
  boolean healthy() {
    try {
      return get("/health", HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  Progress progress() throws IOException {
    HttpResponse<String> response = get("/api/progress", HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return new Progress(false, 0, 0, 0);
    }
    JsonNode body = JSON.readTree(response.body());
    return new Progress(
        body.path("caughtUp").asBoolean(),
        body.path("filesCommitted").asLong(),
        body.path("records").asLong(),
        body.path("webFlows").asLong());
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

  /** How many devices {@code /api/counts} lists. */
  long deviceCount() throws IOException {
    HttpResponse<InputStream> response =
        get("/api/counts", HttpResponse.BodyHandlers.ofInputStream());
    long lines = 0;
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = body.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return response.statusCode() == 200 ? lines : -1;
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
