package io.flowrank.streams.peers;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.api.Wire;
import io.flowrank.streams.http.OperationsRoutes;
import io.flowrank.streams.peers.InternalApi.Partitions;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.PartitionQueries;
import io.flowrank.streams.query.StreamStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The asking side of the internal API: the other instances' answers ({@link #at}), over HTTP with
 * timeouts. Any failure (unreachable, too slow, a 503, a bad answer) is a {@link NotReadyException}
 * naming the instance: an answer that cannot cover every partition is an error, not a smaller list.
 */
public final class RemoteInstances {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final Duration requestTimeout;

  public RemoteInstances() {
    this(CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  /**
   * @param requestTimeout how long one answer may take, from the request to its headers
   */
  public RemoteInstances(Duration connectTimeout, Duration requestTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.requestTimeout = requestTimeout;
  }

  /** The instance at {@code host} (its {@code application.server}). */
  public PartitionQueries at(HostInfo host) {
    return new Remote(host);
  }

  /** Whether the instance answers HTTP at all (any status): a dead process refuses or times out. */
  public boolean answers(HostInfo host, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(host, OperationsRoutes.HEALTH)).timeout(timeout).GET().build();
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

  private final class Remote implements PartitionQueries {
    private final HostInfo host;

    Remote(HostInfo host) {
      this.host = host;
    }

    @Override
    public TopPart top(int n, Measure by, List<Integer> partitions, boolean stale) {
      return json(
          new InternalApi.Top(n, by, OptionalLong.empty(), partitions, stale).target(),
          TopPart.class);
    }

    @Override
    public Above above(
        String dstdevice, Measure by, long score, List<Integer> partitions, boolean stale) {
      return json(
          new InternalApi.Above(dstdevice, by, score, partitions, stale).target(), Above.class);
    }

    @Override
    public Optional<Evidence> evidence(String dstdevice, int partition, boolean stale) {
      String target = new InternalApi.Device(dstdevice, partition, stale).target();
      HttpResponse<byte[]> response = send(target, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      return Optional.of(read(response, DeviceAnswer.class).evidence());
    }

    @Override
    public StreamStats stats(List<Integer> partitions, boolean stale) {
      return json(new Partitions(partitions, stale).target(InternalApi.STATS), StreamStats.class);
    }

    @Override
    public TopPart windowTop(
        int n, Measure by, long window, List<Integer> partitions, boolean stale) {
      return json(
          new InternalApi.Top(n, by, OptionalLong.of(window), partitions, stale).target(),
          TopPart.class);
    }

    @Override
    public List<WindowPart> windows(List<Integer> partitions, boolean stale) {
      return List.of(
          json(new Partitions(partitions, stale).target(InternalApi.WINDOWS), WindowPart[].class));
    }

    @Override
    public List<WindowEvidence> timeline(String dstdevice, int partition, boolean stale) {
      return List.of(
          json(
              new InternalApi.Timeline(dstdevice, partition, stale).target(),
              WindowEvidence[].class));
    }

    @Override
    public List<ServerEvent> events(int limit, List<Integer> partitions, boolean stale) {
      return List.of(
          json(new InternalApi.Events(limit, partitions, stale).target(), ServerEvent[].class));
    }

    @Override
    public Counts counts(List<Integer> partitions, boolean stale) {
      return ndjson(new Partitions(partitions, stale).target(InternalApi.COUNTS));
    }

    @Override
    public Counts windowCounts(long window, List<Integer> partitions, boolean stale) {
      return ndjson(new InternalApi.WindowCounts(window, partitions, stale).target());
    }

    /** Opens the NDJSON answer now; it is read when written, and closed with the result. */
    private Counts ndjson(String target) {
      HttpResponse<InputStream> response = send(target, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        try (InputStream body = response.body()) {
          check(response.statusCode(), body.readAllBytes());
        } catch (IOException e) {
          throw new NotReadyException("instance " + address() + " failed: " + e.getMessage());
        }
      }
      InputStream ndjson = response.body();
      return new Counts() {
        @Override
        public void writeTo(CountsSink sink) throws IOException {
          sink.copy(ndjson);
        }

        @Override
        public void close() throws IOException {
          ndjson.close();
        }
      };
    }

    private <T> T json(String target, Class<T> type) {
      return read(send(target, HttpResponse.BodyHandlers.ofByteArray()), type);
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
      check(response.statusCode(), response.body());
      try {
        return Wire.read(response.body(), type);
      } catch (IllegalArgumentException e) {
        throw new NotReadyException(
            "instance " + address() + " gave a bad answer: " + e.getMessage());
      }
    }

    private <T> HttpResponse<T> send(String target, HttpResponse.BodyHandler<T> handler) {
      HttpRequest request =
          HttpRequest.newBuilder(uri(host, target)).timeout(requestTimeout).GET().build();
      try {
        return client.send(request, handler);
      } catch (IOException e) {
        throw new NotReadyException(
            "instance "
                + address()
                + " is unreachable ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotReadyException("interrupted while asking instance " + host);
      }
    }

    private void check(int status, byte[] body) {
      if (status != 200) {
        String text = new String(body, StandardCharsets.UTF_8);
        throw new NotReadyException(
            "instance "
                + address()
                + " answered "
                + status
                + ": "
                + (text.length() > 200 ? text.substring(0, 200) : text));
      }
    }

    private String address() {
      return host.host() + ":" + host.port();
    }
  }

  private static URI uri(HostInfo host, String target) {
    return URI.create("http://" + host.host() + ":" + host.port() + target);
  }
}
