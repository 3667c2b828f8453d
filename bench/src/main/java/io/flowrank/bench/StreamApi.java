package io.flowrank.bench;

import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The timed HTTP calls the benchmark makes to a streams app: status codes where only timing
 * matters, and the answers the recovery phase compares, read as the records of {@code core/api}
 * ({@link Wire}). Progress and counts are read with core's {@code ApiClient}. One
 * instance per calling thread.
 */
final class StreamApi {

  /** The status of an answer and, with a 200, the answer (null otherwise). */
  record Answer<T>(int status, T value) {}

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

  /**
   * The HTTP status of a GET of {@code pathAndQuery} ({@code /api/top?n=20&by=count}), the body
   * read and dropped (a latency, no more).
   */
  int status(String pathAndQuery) throws IOException {
    return get(pathAndQuery, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** {@code /api/top?n=N}. */
  Answer<TopAnswer> top(int n) throws IOException {
    return answer("/api/top?n=" + n, TopAnswer.class);
  }

  /** {@code /api/cluster}: who serves which partition. */
  Answer<ClusterAnswer> cluster() throws IOException {
    return answer("/api/cluster", ClusterAnswer.class);
  }

  /** A 200 whose body is no {@code type} is no answer: an {@link IOException}, like a cut one. */
  private <T> Answer<T> answer(String path, Class<T> type) throws IOException {
    HttpResponse<byte[]> response = get(path, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      return new Answer<>(response.statusCode(), null);
    }
    try {
      return new Answer<>(200, Wire.read(response.body(), type));
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
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
