package io.flowrank.streams.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.ranking.DeviceCount;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls the internal API of the other instances ({@code /internal/...}, the same HTTP server as the
 * public API), with timeouts. Any failure — unreachable, 503, a bad answer — is a {@link
 * NotReadyException}: an answer that cannot cover every partition is an error, not a smaller list.
 */
public final class RemoteInstances {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  /** Whether the instance answers HTTP at all (any status): a dead process refuses or times out. */
  public boolean answers(HostInfo host, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address(host) + "/health"))
            .timeout(timeout)
            .GET()
            .build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public TopPart top(HostInfo host, int n, List<Integer> partitions, boolean stale) {
    return getJson(
        host, "/internal/top?n=" + n + "&partitions=" + join(partitions) + "&stale=" + stale,
        new TypeReference<TopPart>() {});
  }

  /** The answer of {@code /internal/top}: the first devices of some partitions, and their web flows. */
  public record TopPart(List<DeviceCount> devices, long webFlows) {}

  public StreamStats stats(HostInfo host, List<Integer> partitions, boolean stale) {
    return getJson(
        host, "/internal/stats?partitions=" + join(partitions) + "&stale=" + stale,
        new TypeReference<StreamStats>() {});
  }

  public OptionalLong count(HostInfo host, String dstdevice, int partition, boolean stale) {
    String path =
        "/internal/devices/" + URLEncoder.encode(dstdevice, StandardCharsets.UTF_8).replace("+", "%20")
            + "?partition=" + partition + "&stale=" + stale;
    HttpResponse<byte[]> response = send(host, path, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return OptionalLong.empty();
    }
    check(host, response.statusCode(), response.body());
    try {
      return OptionalLong.of(JSON.readValue(response.body(), DeviceCount.class).count());
    } catch (IOException e) {
      throw new NotReadyException("instance " + address(host) + " gave a bad answer: " + e.getMessage());
    }
  }

  public Above countAbove(
      HostInfo host, String dstdevice, long count, List<Integer> partitions, boolean stale) {
    return getJson(
        host,
        "/internal/above?dstdevice=" + URLEncoder.encode(dstdevice, StandardCharsets.UTF_8)
            + "&count=" + count + "&partitions=" + join(partitions) + "&stale=" + stale,
        new TypeReference<Above>() {});
  }

  /**
   * The answer of {@code /internal/above}: how many devices of some partitions rank above a probe,
   * and their web flows.
   */
  public record Above(long above, long webFlows) {}

  /** Opens the NDJSON counts of some partitions of another instance; the caller closes the stream. */
  public InputStream counts(HostInfo host, List<Integer> partitions, boolean stale) {
    HttpResponse<InputStream> response =
        send(
            host,
            "/internal/counts?partitions=" + join(partitions) + "&stale=" + stale,
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        check(host, response.statusCode(), body.readAllBytes());
      } catch (IOException e) {
        throw new NotReadyException("instance " + address(host) + " failed: " + e.getMessage());
      }
    }
    return response.body();
  }

  private <T> T getJson(HostInfo host, String path, TypeReference<T> type) {
    HttpResponse<byte[]> response = send(host, path, HttpResponse.BodyHandlers.ofByteArray());
    check(host, response.statusCode(), response.body());
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw new NotReadyException("instance " + address(host) + " gave a bad answer: " + e.getMessage());
    }
  }

  private <T> HttpResponse<T> send(HostInfo host, String path, HttpResponse.BodyHandler<T> handler) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build();
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new NotReadyException(
          "instance " + address(host) + " is unreachable ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotReadyException("interrupted while asking instance " + host);
    }
  }

  private static void check(HostInfo host, int status, byte[] body) {
    if (status != 200) {
      String text = new String(body, StandardCharsets.UTF_8);
      throw new NotReadyException(
          "instance " + address(host) + " answered " + status + ": "
              + (text.length() > 200 ? text.substring(0, 200) : text));
    }
  }

  private static String address(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  private static String join(List<Integer> partitions) {
    return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
