package io.flowrank.streams.peers;

import io.flowrank.streams.http.HttpApi;
import io.flowrank.streams.query.LocalStores;
import io.flowrank.streams.topology.Rankings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Another instance as the others see it: the real internal API ({@link InternalRoutes} on {@link
 * HttpApi}) over stores of its own, on a free port.
 */
public final class PeerServer implements AutoCloseable {

  private final HttpApi api;

  private PeerServer(HttpApi api) {
    this.api = api;
  }

  /** An instance serving {@code stores}, its device answers showing {@code webPorts}. */
  public static PeerServer over(LocalStores.Source stores, int partitions, List<Integer> webPorts) {
    LocalStores local = new LocalStores(stores, new Rankings());
    return new PeerServer(
        HttpApi.start(
            "127.0.0.1",
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new InternalRoutes(partitions, webPorts, () -> local)));
  }

  /** Its {@code application.server}. */
  public HostInfo host() {
    return new HostInfo("127.0.0.1", api.port());
  }

  @Override
  public void close() {
    api.close();
  }
}
