package io.flowrank.streams.http;

import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.Coverage;
import io.flowrank.core.api.DeviceRankAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.QueryService;
import io.flowrank.streams.topology.Names;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The public API ({@code /api/...}): each handler reads its parameters, asks {@link QueryService}
 * or monitoring, and answers one record of {@code core/api}.
 */
public final class ApiRoutes implements Routes.Group {

  private final String applicationId;
  private final WebPorts webPorts;
  private final RateHistory rates;
  private final Backend backend;

  public ApiRoutes(String applicationId, WebPorts webPorts, RateHistory rates, Backend backend) {
    this.applicationId = applicationId;
    this.webPorts = webPorts;
    this.rates = rates;
    this.backend = backend;
  }

  @Override
  public void addTo(Routes routes) {
    routes.get("/api/top", this::top);
    routes.get("/api/devices/{dstdevice}", this::device);
    routes.get("/api/counts", this::counts);
    routes.get("/api/cluster", this::cluster);
    routes.get(
        "/api/progress",
        ctx -> {
          QueryParams.of(ctx);
          ctx.json(backend.progress().progress());
        });
    routes.get(
        "/api/rates",
        ctx -> {
          QueryParams.of(ctx);
          ctx.json(rates.rates());
        });
  }

  private void top(Context ctx) {
    QueryParams params = QueryParams.of(ctx, QueryParams.N, QueryParams.STALE);
    int n = params.top();
    boolean stale = params.stale();
    QueryService.Ranked top = backend.queries().top(n, stale);
    long webFlows = top.webFlows();
    List<TopAnswer.RankedDevice> devices = new ArrayList<>(top.devices().size());
    for (DeviceCount device : top.devices()) {
      devices.add(
          new TopAnswer.RankedDevice(
              device.dstdevice(),
              device.count(),
              devices.size() + 1,
              share(device.count(), webFlows)));
    }
    ctx.json(
        new TopAnswer(
            webPorts.asList(), new Coverage(top.covered(), top.total()), webFlows, devices));
  }

  private void device(Context ctx) {
    QueryParams params = QueryParams.of(ctx, QueryParams.STALE, "rank");
    boolean stale = params.stale();
    String device = ctx.pathParam("dstdevice");
    if (!params.boolParam("rank")) {
      Routes.count(ctx, device, backend.queries().count(device, stale));
      return;
    }
    // A device never seen is an answer here, not a 404: a search box asks for names that may not
    // exist, and a browser reports every 404 of a page as a console error.
    ctx.json(
        backend
            .queries()
            .rank(device, stale)
            .map(
                found ->
                    new DeviceRankAnswer(
                        found.dstdevice(),
                        true,
                        found.count(),
                        found.rank(),
                        found.webFlows(),
                        share(found.count(), found.webFlows())))
            .orElseGet(() -> DeviceRankAnswer.notFound(device)));
  }

  private void counts(Context ctx) throws IOException {
    boolean stale = QueryParams.of(ctx, QueryParams.STALE).stale();
    QueryService queries = backend.queries();
    Routes.ndjson(ctx, sink -> queries.writeCounts(stale, sink));
  }

  /** Never a 503: this is what a dashboard reads to learn whether the stores can answer. */
  private void cluster(Context ctx) {
    QueryParams.of(ctx);
    ClusterView.Layout layout = backend.layout();
    ctx.json(
        new ClusterAnswer(
            applicationId,
            backend.state(),
            webPorts.asList(),
            Names.COUNTS_STORE,
            new Coverage(layout.covered(), layout.total()),
            backend.unserved(),
            layout.instances()));
  }

  /** {@code part / whole}, to six decimals; 0 when the whole is 0. */
  static double share(long part, long whole) {
    return whole <= 0 ? 0 : Math.round(part * 1e6 / whole) / 1e6;
  }
}
