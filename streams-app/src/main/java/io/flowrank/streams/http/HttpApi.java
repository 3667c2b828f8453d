package io.flowrank.streams.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.api.Progress;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.monitoring.PeerWatch;
import io.flowrank.streams.monitoring.ProgressTracker;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.QueryService;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.Rankings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query HTTP API of DESIGN §3, on Javalin, plus the internal API the instances use
 * to gather from each other ({@code /internal/...}, per partition). Handlers only validate
 * parameters and map the answers of {@link QueryService} and {@link ProgressTracker} to JSON and
 * status codes: 400 for a bad parameter, 404 for an unknown device or path, 405 for a method other
 * than GET and HEAD, 503 with {@code Retry-After} while the answer cannot cover every partition,
 * always with a JSON {@code {"error": ...}} body and never a stack trace; the requests Jetty
 * refuses before any handler (too large: 414/431; unparsable: 400) get the same JSON body ({@link
 * JsonErrorHandler}).
 */
public final class HttpApi implements AutoCloseable {

  public static final int MAX_TOP = Rankings.CAPACITY;
  public static final int DEFAULT_TOP = 20;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NDJSON = "application/x-ndjson";
  /**
   * The dashboard (src/main/resources/dashboard: the page at {@code /}, its script, style and icon
   * as static files) comes from the jar and may load nothing from elsewhere; revalidated on each
   * load, so an upgraded instance serves its own page.
   */
  private static final Map<String, String> DASHBOARD_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
              + " frame-ancestors 'none'; form-action 'self'",
          "X-Content-Type-Options",
          "nosniff",
          "Cache-Control",
          "no-cache");

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /** What the handlers answer from. Suppliers: the HTTP server starts before Kafka Streams. */
  public record Backend(
      String applicationId,
      WebPorts webPorts,
      Supplier<QueryService> queries,
      Supplier<ProgressTracker> progress,
      Supplier<KafkaStreams> streams,
      Supplier<PeerWatch> peers,
      RateHistory rates,
      PrometheusMeterRegistry metrics) {

    /** The partitions no instance answers for now (every one before Kafka Streams starts). */
    List<Progress.Unserved> unserved() {
      PeerWatch watch = peers.get();
      return watch == null ? List.of() : watch.unserved();
    }
  }

  /** Starts the server on {@code host:port} (port 0: a free one). */
  public static HttpApi start(String host, int port, Backend backend) {
    PrometheusMeterRegistry metrics = backend.metrics();
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(JSON, false));
              config.http.defaultContentType = "application/json";
              // A known path asked with another method is a 405, not a 404.
              config.http.prefer405over404 = true;
              // The dashboard: every asset from the jar, nothing from elsewhere.
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/dashboard";
                    files.location = Location.CLASSPATH;
                    files.headers = DASHBOARD_HEADERS;
                    // Left to Jetty after Javalin's default content type: "charset=null".
                    files.mimeTypes.add("text/html; charset=utf-8", "html");
                    files.mimeTypes.add("text/javascript; charset=utf-8", "js");
                    files.mimeTypes.add("text/css; charset=utf-8", "css");
                    files.mimeTypes.add("image/svg+xml; charset=utf-8", "svg");
                  });
              // Requests Jetty refuses itself (too large, unparsable) answer JSON too.
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyServletContextHandler(
                  context -> context.setErrorHandler(new JsonErrorHandler()));
              config.requestLogger.http(
                  (ctx, ms) ->
                      Timer.builder("http.server.requests")
                          .tag("method", ctx.method().name())
                          .tag("path", routeOf(ctx))
                          .tag("status", Integer.toString(ctx.statusCode()))
                          .register(metrics)
                          .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS));
            });

    route(
        app,
        "/api/top",
        ctx -> {
          QueryParams params = params(ctx, "n", "stale");
          int n = params.intParam("n", DEFAULT_TOP, 1, MAX_TOP);
          boolean stale = params.boolParam("stale");
          QueryService.Ranked top = queries(backend).top(n, stale);
          long webFlows = top.webFlows();
          List<RankedDevice> devices = new ArrayList<>(top.devices().size());
          for (DeviceCount device : top.devices()) {
            devices.add(
                new RankedDevice(
                    device.dstdevice(),
                    device.count(),
                    devices.size() + 1,
                    share(device.count(), webFlows)));
          }
          ctx.json(
              new TopAnswer(
                  backend.webPorts().asList(),
                  new Coverage(top.covered(), top.total()),
                  webFlows,
                  devices));
        });
    route(
        app,
        "/api/devices/{dstdevice}",
        ctx -> {
          QueryParams params = params(ctx, "stale", "rank");
          boolean stale = params.boolParam("stale");
          String device = ctx.pathParam("dstdevice");
          if (!params.boolParam("rank")) {
            answerCount(ctx, device, queries(backend).count(device, stale));
            return;
          }
          // A device never seen is an answer here, not a 404: a search box asks for names that may
          // not exist, and a browser reports every 404 of a page as a console error.
          var rank = queries(backend).rank(device, stale);
          if (rank.isEmpty()) {
            ctx.json(new DeviceRankAnswer(device, false, 0, null, null, null));
            return;
          }
          var found = rank.get();
          ctx.json(
              new DeviceRankAnswer(
                  found.dstdevice(),
                  true,
                  found.count(),
                  found.rank(),
                  found.webFlows(),
                  share(found.count(), found.webFlows())));
        });
    route(
        app,
        "/api/rates",
        ctx -> {
          params(ctx);
          ctx.json(backend.rates().rates());
        });
    route(
        app,
        "/api/cluster",
        ctx -> {
          params(ctx);
          // Never a 503: this is what a dashboard reads to learn whether the stores can answer.
          QueryService queries = backend.queries().get();
          ClusterView.Layout layout;
          try {
            layout = queries == null ? null : queries.layout();
          } catch (NotReadyException e) {
            layout = null;
          }
          if (layout == null) {
            layout = new ClusterView.Layout(0, 0, List.of());
          }
          KafkaStreams current = backend.streams().get();
          ctx.json(
              new ClusterAnswer(
                  backend.applicationId(),
                  current == null ? "NOT_STARTED" : current.state().name(),
                  backend.webPorts().asList(),
                  Names.COUNTS_STORE,
                  new Coverage(layout.covered(), layout.total()),
                  backend.unserved(),
                  layout.instances()));
        });
    route(
        app,
        "/api/counts",
        ctx -> {
          boolean stale = params(ctx, "stale").boolParam("stale");
          QueryService queries = queries(backend);
          writeNdjson(ctx, sink -> queries.writeCounts(stale, sink));
        });
    route(
        app,
        "/api/progress",
        ctx -> {
          params(ctx);
          ProgressTracker tracker = backend.progress().get();
          if (tracker == null) {
            throw new NotReadyException("Kafka Streams is not started yet");
          }
          ctx.json(tracker.progress());
        });
    route(
        app,
        "/health",
        ctx -> {
          KafkaStreams current = backend.streams().get();
          String state = current == null ? "NOT_STARTED" : current.state().name();
          ctx.status("RUNNING".equals(state) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
          ctx.json(Map.of("state", state));
        });
    // The page itself on a route of its own, not as a static file: a route answers 405 to other
    // methods and ignores the query (the page reads ?n= and ?device= itself).
    byte[] page = dashboardPage();
    route(
        app,
        "/",
        ctx -> {
          DASHBOARD_HEADERS.forEach(ctx::header);
          ctx.contentType("text/html; charset=utf-8").result(page);
        });
    route(
        app,
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

    // The internal API: this instance's own partitions only, for the other instances.
    route(
        app,
        "/internal/top",
        ctx -> {
          QueryParams params = params(ctx, "n", "partitions", "stale");
          int n = params.intParam("n", DEFAULT_TOP, 1, MAX_TOP);
          boolean stale = params.boolParam("stale");
          QueryService queries = queries(backend);
          List<Integer> partitions = params.partitions(partitionCount(backend));
          ctx.json(queries.local().topPart(n, partitions, stale));
        });
    route(
        app,
        "/internal/stats",
        ctx -> {
          QueryParams params = params(ctx, "partitions", "stale");
          boolean stale = params.boolParam("stale");
          List<Integer> partitions = params.partitions(partitionCount(backend));
          ctx.json(queries(backend).local().stats(partitions, stale));
        });
    route(
        app,
        "/internal/above",
        ctx -> {
          QueryParams params = params(ctx, "dstdevice", "count", "partitions", "stale");
          String device = params.requiredString("dstdevice");
          long count = params.requiredLong("count", 0, Long.MAX_VALUE);
          boolean stale = params.boolParam("stale");
          List<Integer> partitions = params.partitions(partitionCount(backend));
          ctx.json(queries(backend).local().above(device, count, partitions, stale));
        });
    route(
        app,
        "/internal/devices/{dstdevice}",
        ctx -> {
          QueryParams params = params(ctx, "partition", "stale");
          boolean stale = params.boolParam("stale");
          String device = ctx.pathParam("dstdevice");
          int partition = params.requiredInt("partition", 0, partitionCount(backend) - 1);
          answerCount(ctx, device, queries(backend).local().count(device, partition, stale));
        });
    route(
        app,
        "/internal/counts",
        ctx -> {
          QueryParams params = params(ctx, "partitions", "stale");
          boolean stale = params.boolParam("stale");
          List<Integer> partitions = params.partitions(partitionCount(backend));
          QueryService queries = queries(backend);
          writeNdjson(
              ctx,
              sink -> {
                for (int partition : partitions) {
                  queries.local().forEachCount(partition, stale, sink::accept);
                }
              });
        });

    app.exception(
        BadRequestException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
    app.exception(
        NotReadyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", "1");
          error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log");
        });
    // Javalin's own refusals (no route for the path, a method the path does not take), in the
    // API's format rather than Javalin's.
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          HttpStatus status = HttpStatus.forStatus(e.getStatus());
          if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            ctx.header("Allow", "GET, HEAD");
          }
          String message =
              switch (status) {
                case NOT_FOUND -> "no such path: " + QueryParams.abbreviate(ctx.path());
                case METHOD_NOT_ALLOWED ->
                    "method "
                        + QueryParams.abbreviate(ctx.req().getMethod())
                        + " not allowed; use GET";
                default -> status.getMessage();
              };
          error(ctx, status, message);
        });

    app.start(host, port);
    return new HttpApi(app);
  }

  public int port() {
    return app.port();
  }

  /**
   * Serves {@code path} to GET and to HEAD with the same handler (Jetty drops HEAD's body), so a
   * HEAD answers GET's status: left to Javalin, any HEAD on a GET path is a bare 200, even {@code
   * /health} while Kafka Streams is down.
   */
  private static void route(Javalin app, String path, Handler handler) {
    app.get(path, handler);
    app.head(path, handler);
  }

  /** The request's query, allowing only {@code allowed} (each once): see {@link QueryParams}. */
  private static QueryParams params(Context ctx, String... allowed) {
    return QueryParams.parse(ctx.queryString(), Set.of(allowed));
  }

  /**
   * The route a request matched, for the metric's {@code path} tag: never the raw path, so requests
   * to made-up paths cannot grow the metric's series without bound.
   */
  private static String routeOf(Context ctx) {
    String route = ctx.matchedPath();
    return route == null || route.isEmpty() ? "UNMATCHED" : route;
  }

  private static QueryService queries(Backend backend) {
    QueryService queries = backend.queries().get();
    if (queries == null) {
      throw new NotReadyException("Kafka Streams is not started yet");
    }
    return queries;
  }

  private static int partitionCount(Backend backend) {
    ProgressTracker tracker = backend.progress().get();
    if (tracker == null) {
      throw new NotReadyException("Kafka Streams is not started yet");
    }
    return tracker.flowsPartitionCount();
  }

  private static void answerCount(Context ctx, String device, OptionalLong count) {
    if (count.isEmpty()) {
      error(ctx, HttpStatus.NOT_FOUND, "device never seen: " + QueryParams.abbreviate(device));
      return;
    }
    ctx.json(new DeviceCount(device, count.getAsLong()));
  }

  /**
   * Streams NDJSON. What can fail before the first byte (a partition nobody serves) is checked by
   * the writer first and becomes a clean 503; a failure after the first byte aborts the connection,
   * so the client sees a broken response rather than a complete-looking short one.
   */
  private static void writeNdjson(Context ctx, NdjsonWriter writer) throws IOException {
    ctx.contentType(NDJSON);
    OutputStream out = ctx.outputStream();
    JsonGenerator generator = JSON.getFactory().createGenerator(out);
    generator.setRootValueSeparator(null);
    boolean[] started = {false};
    try {
      writer.write(
          new QueryService.CountsSink() {
            @Override
            public void accept(DeviceCount count) {
              started[0] = true;
              try {
                generator.writeStartObject();
                generator.writeStringField("dstdevice", count.dstdevice());
                generator.writeNumberField("count", count.count());
                generator.writeEndObject();
                generator.writeRaw('\n');
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }

            @Override
            public void copy(InputStream ndjson) throws IOException {
              started[0] = true;
              generator.flush();
              ndjson.transferTo(out);
            }
          });
    } catch (RuntimeException | IOException e) {
      if (!started[0]) {
        throw e;
      }
      LOG.warn("aborting {} mid-stream: {}", ctx.path(), e.getMessage());
      Request.getBaseRequest(ctx.req()).getHttpChannel().abort(e);
      return;
    }
    generator.close();
  }

  private interface NdjsonWriter {
    void write(QueryService.CountsSink sink) throws IOException;
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }

  @Override
  public void close() {
    app.stop();
  }

  private static byte[] dashboardPage() {
    try (InputStream in = HttpApi.class.getResourceAsStream("/dashboard/dashboard.html")) {
      if (in == null) {
        throw new IllegalStateException("the dashboard page is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many partitions an answer covers: an answer that cannot cover them all is a 503. */
  record Coverage(int covered, int total) {}

  /** A device of {@code /api/top}: its count, rank, and share of every web flow. */
  record RankedDevice(String dstdevice, long count, long rank, double share) {}

  /** The answer of {@code /api/top}. */
  record TopAnswer(
      List<Integer> ports, Coverage partitions, long webFlows, List<RankedDevice> devices) {}

  /**
   * The answer of {@code /api/devices/{dstdevice}?rank=true}; a device never seen has {@code found}
   * false, a count of 0 and nothing else.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DeviceRankAnswer(
      String dstdevice, boolean found, long count, Long rank, Long webFlows, Double share) {}

  /** The answer of {@code /api/cluster}. */
  record ClusterAnswer(
      String applicationId,
      String state,
      List<Integer> ports,
      String store,
      Coverage partitions,
      List<Progress.Unserved> unserved,
      List<ClusterView.Instance> instances) {}

  /** {@code part / whole}, to six decimals; 0 when the whole is 0. */
  static double share(long part, long whole) {
    return whole <= 0 ? 0 : Math.round(part * 1e6 / whole) / 1e6;
  }
}
