package io.flowrank.streams.http;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.TimelineAnswer;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.Windowing;
import io.flowrank.streams.query.PartitionQueries;
import io.flowrank.streams.query.QueryService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The API of the windows of data time (docs/design.md, "Time" and "HTTP API"): {@code
 * /api/windows}, {@code /api/events}, {@code /api/devices/{dstdevice}/timeline}, and which window
 * a {@code ?window=} names ({@link #resolve}). With windows off the listings are empty and a
 * {@code ?window=} is a 400.
 */
public final class WindowRoutes implements Routes.Group {

  /** The path of a device's timeline. */
  public static final String TIMELINE = "/api/devices/{dstdevice}/timeline";

  private final WebPorts webPorts;
  private final Backend backend;

  public WindowRoutes(WebPorts webPorts, Backend backend) {
    this.webPorts = webPorts;
    this.backend = backend;
  }

  @Override
  public void addTo(Routes routes) {
    routes.get(
        "/api/windows",
        ctx -> {
          boolean stale = QueryParams.of(ctx, QueryParams.STALE).stale();
          QueryService queries = backend.queries();
          ctx.json(
              queries.windowing().isEmpty()
                  ? List.<WindowAnswer>of()
                  : queries.windows(stale).windows());
        });
    routes.get(
        "/api/events",
        ctx -> {
          QueryParams params = QueryParams.of(ctx, QueryParams.LIMIT, QueryParams.STALE);
          int limit = params.limit();
          boolean stale = params.stale();
          QueryService queries = backend.queries();
          ctx.json(queries.windowing().isEmpty() ? List.of() : queries.events(limit, stale));
        });
    routes.get(TIMELINE, this::timeline);
  }

  private void timeline(Context ctx) {
    boolean stale = QueryParams.of(ctx, QueryParams.STALE).stale();
    String device = ctx.pathParam("dstdevice");
    QueryService queries = backend.queries();
    List<TimelineAnswer.Point> points = new ArrayList<>();
    if (queries.windowing().isPresent()) {
      Windowing windowing = queries.windowing().get();
      for (PartitionQueries.WindowEvidence point : queries.timeline(device, stale)) {
        points.add(
            new TimelineAnswer.Point(
                point.start(),
                windowing.endOf(point.start()),
                DeviceAnswer.of(device, point.evidence().evidence(), webPorts.asList())));
      }
    }
    ctx.json(new TimelineAnswer(device, points));
  }

  /**
   * The window a request's {@code ?window=} names: empty for {@code latest} while no window holds
   * a flow; a 404 (written here, then empty) for a start no window held has.
   *
   * @throws BadRequestException with windows off
   */
  static Optional<WindowAnswer> resolve(
      Context ctx, QueryService queries, OptionalLong asked, boolean stale) {
    if (queries.windowing().isEmpty()) {
      throw new BadRequestException(
          "this streams app keeps no windows (stream --window off): drop 'window'");
    }
    QueryService.Held held = queries.windows(stale);
    if (asked.isEmpty()) {
      return held.latest();
    }
    Optional<WindowAnswer> window = held.at(asked.getAsLong());
    if (window.isEmpty()) {
      Routes.error(
          ctx,
          HttpStatus.NOT_FOUND,
          "no window held starts at "
              + asked.getAsLong()
              + " (windows of "
              + queries.windowing().get().size()
              + " s; GET /api/windows lists those held)");
    }
    return window;
  }
}
