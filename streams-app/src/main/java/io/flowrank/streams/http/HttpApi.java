package io.flowrank.streams.http;

import io.flowrank.core.api.Wire;
import io.flowrank.streams.query.NotReadyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query HTTP API of docs/design.md §4, on Javalin: the server, serving groups of routes
 * ({@link ApiRoutes}, {@link OperationsRoutes}, the internal API of {@code peers.InternalRoutes}),
 * and the answers common to all of them. Every answer is JSON of {@code core/api} records ({@link
 * Wire#JSON}): 400 for a bad parameter, 404 for an unknown device or path, 405 (with {@code Allow})
 * for a method other than GET and HEAD, 503 with {@code Retry-After} while an answer cannot cover
 * every partition, always with an {@code {"error": ...}} body and never a stack trace; the requests
 * Jetty refuses before any handler (too large: 414/431; unparsable: 400) get the same body ({@link
 * JsonErrorHandler}). Each request is timed in the {@code http.server.requests} metric, tagged with
 * its route.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /**
   * The buckets of {@code http.server.requests} in {@code /metrics} (Prometheus'
   * {@code http_server_requests_seconds_bucket}): a server-side p99 from Prometheus, and the share
   * of answers within 5 ms (issue 20's target for {@code /api/top}).
   */
  static final Duration[] LATENCY_BUCKETS =
      Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
          .map(Duration::ofMillis)
          .toArray(Duration[]::new);

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /** Starts the server on {@code host:port} (port 0: a free one) with these routes. */
  public static HttpApi start(
      String host, int port, PrometheusMeterRegistry metrics, Routes.Group... groups) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Wire.JSON, false));
              config.http.defaultContentType = "application/json";
              // A known path asked with another method is a 405, not a 404.
              config.http.prefer405over404 = true;
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
                          .serviceLevelObjectives(LATENCY_BUCKETS)
                          .register(metrics)
                          .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS));
              for (Routes.Group group : groups) {
                group.configure(config);
              }
            });
    Routes routes = new Routes(app);
    for (Routes.Group group : groups) {
      group.addTo(routes);
    }

    app.exception(
        BadRequestException.class,
        (e, ctx) -> Routes.error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
    app.exception(
        NotReadyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", "1");
          Routes.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          Routes.error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log");
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
          Routes.error(ctx, status, message);
        });

    app.start(host, port);
    return new HttpApi(app);
  }

  public int port() {
    return app.port();
  }

  /**
   * The route a request matched, for the metric's {@code path} tag: never the raw path, so requests
   * to made-up paths cannot grow the metric's series without bound.
   */
  private static String routeOf(Context ctx) {
    String route = ctx.matchedPath();
    return route == null || route.isEmpty() ? "UNMATCHED" : route;
  }

  @Override
  public void close() {
    app.stop();
  }
}
