package io.flowrank.streams.http;

import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.Coverage;
import io.flowrank.core.api.DeviceRankAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.QueryService;
import io.flowrank.streams.topology.Names;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
    QueryParams params =
        QueryParams.of(ctx, QueryParams.N, QueryParams.BY, QueryParams.WINDOW, QueryParams.STALE);
    int n = params.top();
    Measure by = params.by();
    Optional<OptionalLong> asked = params.window();
    boolean stale = params.stale();
    QueryService queries = backend.queries();
    if (asked.isEmpty()) {
      answerTop(ctx, by, queries.top(n, by, stale), null);
      return;
    }
    Optional<WindowAnswer> window = WindowRoutes.resolve(ctx, queries, asked.get(), stale);
    if (window.isPresent()) {
      answerTop(ctx, by, queries.windowTop(n, by, window.get().start(), stale), window.get());
    } else if (asked.get().isEmpty()) {
      // latest, while no window holds a flow: nothing ranked yet.
      answerTop(ctx, by, queries.nothingRanked(), null);
    }
  }

  private void answerTop(
      Context ctx, Measure by, QueryService.Ranked top, WindowAnswer window) {
    List<Integer> ports = webPorts.asList();
    List<TopAnswer.RankedDevice> devices = new ArrayList<>(top.devices().size());
    for (RankedEvidence device : top.devices()) {
      devices.add(
          TopAnswer.RankedDevice.of(
              device.dstdevice(),
              device.evidence(),
              devices.size() + 1,
              share(by.total(device.evidence()).toBigInteger(), top.measureTotal()),
              ports));
    }
    ctx.json(
        new TopAnswer(
            ports,
            by.wireName(),
            new Coverage(top.covered(), top.total()),
            top.webFlows(),
            devices,
            window));
  }

  private void device(Context ctx) {
    QueryParams params = QueryParams.of(ctx, QueryParams.STALE, "rank", QueryParams.BY);
    boolean stale = params.stale();
    Measure by = params.by();
    String device = ctx.pathParam("dstdevice");
    if (!params.boolParam("rank")) {
      Routes.device(ctx, device, backend.queries().evidence(device, stale), webPorts.asList());
      return;
    }
    // A device never seen is an answer here, not a 404: a search box asks for names that may not
    // exist, and a browser reports every 404 of a page as a console error.
    ctx.json(
        backend
            .queries()
            .rank(device, by, stale)
            .map(
                found ->
                    new DeviceRankAnswer(
                        found.dstdevice(),
                        true,
                        found.evidence().count(),
                        found.rank(),
                        found.webFlows(),
                        share(by.total(found.evidence()).toBigInteger(), found.measureTotal()),
                        by.wireName(),
                        DeviceAnswer.of(found.dstdevice(), found.evidence(), webPorts.asList())))
            .orElseGet(() -> DeviceRankAnswer.notFound(device)));
  }

  private void counts(Context ctx) throws IOException {
    QueryParams params = QueryParams.of(ctx, QueryParams.WINDOW, QueryParams.STALE);
    Optional<OptionalLong> asked = params.window();
    boolean stale = params.stale();
    QueryService queries = backend.queries();
    if (asked.isEmpty()) {
      Routes.ndjson(ctx, webPorts.asList(), sink -> queries.writeCounts(stale, sink));
      return;
    }
    Optional<WindowAnswer> window = WindowRoutes.resolve(ctx, queries, asked.get(), stale);
    if (window.isPresent()) {
      long start = window.get().start();
      Routes.ndjson(
          ctx, webPorts.asList(), sink -> queries.writeWindowCounts(start, stale, sink));
    } else if (asked.get().isEmpty()) {
      Routes.ndjson(ctx, webPorts.asList(), sink -> {}); // latest, before any window: none
    }
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

  /** The same for a measure's exact values, which byte sums may take past a long. */
  static double share(BigInteger part, BigInteger whole) {
    if (whole.bitLength() < 63 && part.bitLength() < 63) {
      return share(part.longValue(), whole.longValue());
    }
    return whole.signum() <= 0
        ? 0
        : Math.round(new java.math.BigDecimal(part).divide(new java.math.BigDecimal(whole),
                java.math.MathContext.DECIMAL64).doubleValue() * 1e6) / 1e6;
  }
}
