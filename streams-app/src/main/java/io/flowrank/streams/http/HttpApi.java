package io.flowrank.streams.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.query.CountQueries;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.ProgressTracker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query HTTP API of DESIGN §3, on Javalin. Handlers only validate parameters and map
 * the answers of {@link CountQueries} and {@link ProgressTracker} to JSON and status codes: 400 for a
 * bad parameter, 404 for an unknown device or path, 503 with {@code Retry-After} while the stores are
 * not queryable, always with a JSON {@code {"error": ...}} body and never a stack trace.
 */
public final class HttpApi implements AutoCloseable {

  public static final int MAX_TOP = 10_000;
  public static final int DEFAULT_TOP = 20;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NDJSON = "application/x-ndjson";

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /** Starts the server on {@code host:port} (port 0: a free one). */
  public static HttpApi start(
      String host,
      int port,
      WebPorts webPorts,
      CountQueries queries,
      Supplier<ProgressTracker> progress,
      Supplier<KafkaStreams> streams,
      PrometheusMeterRegistry metrics) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(JSON, false));
              config.http.defaultContentType = "application/json";
              config.requestLogger.http(
                  (ctx, ms) ->
                      Timer.builder("http.server.requests")
                          .tag("method", ctx.method().name())
                          .tag("path", ctx.endpointHandlerPath())
                          .tag("status", Integer.toString(ctx.statusCode()))
                          .register(metrics)
                          .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS));
            });

    app.get(
        "/api/top",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("n"));
          int n = QueryParams.intParam(ctx, "n", DEFAULT_TOP, 1, MAX_TOP);
          List<DeviceCount> top = queries.top(n);
          ctx.json(new TopAnswer(webPorts.asList(), top));
        });
    app.get(
        "/api/devices/{dstdevice}",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of());
          String device = ctx.pathParam("dstdevice");
          OptionalLong count = queries.count(device);
          if (count.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "device never seen: " + QueryParams.abbreviate(device));
            return;
          }
          ctx.json(new DeviceCount(device, count.getAsLong()));
        });
    app.get(
        "/api/counts",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of());
          writeCounts(ctx, queries);
        });
    app.get(
        "/api/progress",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of());
          ProgressTracker tracker = progress.get();
          if (tracker == null) {
            throw new NotReadyException("Kafka Streams is not started yet");
          }
          ctx.json(tracker.progress());
        });
    app.get(
        "/health",
        ctx -> {
          KafkaStreams current = streams.get();
          String state = current == null ? "NOT_STARTED" : current.state().name();
          ctx.status("RUNNING".equals(state) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
          ctx.json(Map.of("state", state));
        });
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get("/", ctx -> ctx.html(IndexPage.HTML));

    app.exception(BadRequestException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
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
    app.error(
        HttpStatus.NOT_FOUND,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "no such path: " + QueryParams.abbreviate(ctx.path()));
          }
        });
    app.error(
        HttpStatus.METHOD_NOT_ALLOWED,
        ctx -> error(ctx, HttpStatus.METHOD_NOT_ALLOWED, "method not allowed"));

    app.start(host, port);
    return new HttpApi(app);
  }

  public int port() {
    return app.port();
  }

  private static void writeCounts(Context ctx, CountQueries queries) throws IOException {
    ctx.contentType(NDJSON);
    OutputStream out = ctx.outputStream();
    try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
      generator.setRootValueSeparator(null);
      queries.forEachCount(
          count -> {
            try {
              generator.writeStartObject();
              generator.writeStringField("dstdevice", count.dstdevice());
              generator.writeNumberField("count", count.count());
              generator.writeEndObject();
              generator.writeRaw('\n');
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }

  @Override
  public void close() {
    app.stop();
  }

  /** The answer of {@code /api/top}. */
  record TopAnswer(List<Integer> ports, List<DeviceCount> devices) {}
}
