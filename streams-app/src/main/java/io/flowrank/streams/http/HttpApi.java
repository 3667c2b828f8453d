package io.flowrank.streams.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.ProgressTracker;
import io.flowrank.streams.query.QueryService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * to gather from each other ({@code /internal/...}, per partition). Handlers only validate parameters
 * and map the answers of {@link QueryService} and {@link ProgressTracker} to JSON and status codes:
 * 400 for a bad parameter, 404 for an unknown device or path, 503 with {@code Retry-After} while the
 * answer cannot cover every partition, always with a JSON {@code {"error": ...}} body and never a stack
 * trace.
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

  /** What the handlers answer from. Suppliers: the HTTP server starts before Kafka Streams. */
  public record Backend(
      WebPorts webPorts,
      Supplier<QueryService> queries,
      Supplier<ProgressTracker> progress,
      Supplier<KafkaStreams> streams,
      PrometheusMeterRegistry metrics) {}

  /** Starts the server on {@code host:port} (port 0: a free one). */
  public static HttpApi start(String host, int port, Backend backend) {
    PrometheusMeterRegistry metrics = backend.metrics();
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
          QueryParams.allowOnly(ctx, Set.of("n", "stale"));
          int n = QueryParams.intParam(ctx, "n", DEFAULT_TOP, 1, MAX_TOP);
          QueryService.Ranked top = queries(backend).top(n, QueryParams.boolParam(ctx, "stale"));
          ctx.json(
              new TopAnswer(
                  backend.webPorts().asList(),
                  new Coverage(top.covered(), top.total()),
                  top.devices()));
        });
    app.get(
        "/api/devices/{dstdevice}",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("stale"));
          String device = ctx.pathParam("dstdevice");
          answerCount(ctx, device, queries(backend).count(device, QueryParams.boolParam(ctx, "stale")));
        });
    app.get(
        "/api/counts",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("stale"));
          boolean stale = QueryParams.boolParam(ctx, "stale");
          QueryService queries = queries(backend);
          writeNdjson(ctx, sink -> queries.writeCounts(stale, sink));
        });
    app.get(
        "/api/progress",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of());
          ProgressTracker tracker = backend.progress().get();
          if (tracker == null) {
            throw new NotReadyException("Kafka Streams is not started yet");
          }
          ctx.json(tracker.progress());
        });
    app.get(
        "/health",
        ctx -> {
          KafkaStreams current = backend.streams().get();
          String state = current == null ? "NOT_STARTED" : current.state().name();
          ctx.status("RUNNING".equals(state) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
          ctx.json(Map.of("state", state));
        });
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get("/", ctx -> ctx.html(IndexPage.HTML));

    // The internal API: this instance's own partitions only, for the other instances.
    app.get(
        "/internal/top",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("n", "partitions", "stale"));
          int n = QueryParams.intParam(ctx, "n", DEFAULT_TOP, 1, MAX_TOP);
          QueryService queries = queries(backend);
          List<Integer> partitions = QueryParams.partitions(ctx, partitionCount(backend));
          ctx.json(queries.local().top(n, partitions, QueryParams.boolParam(ctx, "stale")));
        });
    app.get(
        "/internal/stats",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("partitions", "stale"));
          List<Integer> partitions = QueryParams.partitions(ctx, partitionCount(backend));
          ctx.json(queries(backend).local().stats(partitions, QueryParams.boolParam(ctx, "stale")));
        });
    app.get(
        "/internal/devices/{dstdevice}",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("partition", "stale"));
          String device = ctx.pathParam("dstdevice");
          int partition = QueryParams.intParam(ctx, "partition", -1, 0, partitionCount(backend) - 1);
          answerCount(
              ctx,
              device,
              queries(backend).local().count(device, partition, QueryParams.boolParam(ctx, "stale")));
        });
    app.get(
        "/internal/counts",
        ctx -> {
          QueryParams.allowOnly(ctx, Set.of("partitions", "stale"));
          List<Integer> partitions = QueryParams.partitions(ctx, partitionCount(backend));
          boolean stale = QueryParams.boolParam(ctx, "stale");
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
   * Streams NDJSON. What can fail before the first byte (a partition nobody serves) is checked by the
   * writer first and becomes a clean 503; a failure after the first byte aborts the connection, so
   * the client sees a broken response rather than a complete-looking short one.
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

  /** How many partitions an answer covers: an answer that cannot cover them all is a 503. */
  record Coverage(int covered, int total) {}

  /** The answer of {@code /api/top}. */
  record TopAnswer(List<Integer> ports, Coverage partitions, List<DeviceCount> devices) {}
}
