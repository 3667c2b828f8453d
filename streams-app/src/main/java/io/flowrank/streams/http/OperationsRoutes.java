package io.flowrank.streams.http;

import io.flowrank.core.api.HealthAnswer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What operators and browsers ask: {@code /health} (200 only while RUNNING), {@code /metrics}
 * (Prometheus) and the dashboard (the page at {@code /}, its script, style and icon as static
 * files). These take no parameter and ignore any, so a probe's query changes nothing.
 */
public final class OperationsRoutes implements Routes.Group {

  /** Also what the instances ask each other to tell a dead one from a live one. */
  public static final String HEALTH = "/health";

  /**
   * The dashboard (src/main/resources/dashboard) comes from the jar and may load nothing from
   * elsewhere; revalidated on each load, so an upgraded instance serves its own page.
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

  private final Backend backend;
  private final PrometheusMeterRegistry metrics;

  public OperationsRoutes(Backend backend, PrometheusMeterRegistry metrics) {
    this.backend = backend;
    this.metrics = metrics;
  }

  @Override
  public void configure(JavalinConfig config) {
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
  }

  @Override
  public void addTo(Routes routes) {
    routes.get(
        HEALTH,
        ctx -> {
          String state = backend.state();
          ctx.status("RUNNING".equals(state) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
          ctx.json(new HealthAnswer(state));
        });
    // The page itself on a route of its own, not as a static file: a route answers 405 to other
    // methods and ignores the query (the page reads ?n= and ?device= itself).
    byte[] page = dashboardPage();
    routes.get(
        "/",
        ctx -> {
          DASHBOARD_HEADERS.forEach(ctx::header);
          ctx.contentType("text/html; charset=utf-8").result(page);
        });
    routes.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  private static byte[] dashboardPage() {
    try (InputStream in = OperationsRoutes.class.getResourceAsStream("/dashboard/dashboard.html")) {
      if (in == null) {
        throw new IllegalStateException("the dashboard page is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
