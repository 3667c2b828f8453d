package io.flowrank.streams.peers;

import static io.flowrank.streams.http.QueryParams.BY;
import static io.flowrank.streams.http.QueryParams.N;
import static io.flowrank.streams.http.QueryParams.STALE;

import io.flowrank.core.evidence.Measure;
import io.flowrank.streams.http.QueryParams;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The internal API's requests, each declared once for both sides: its path, the query {@link
 * RemoteInstances} sends and the reading {@link InternalRoutes} makes of it. Every request names
 * the partitions it is about; the answers are the records of {@code PartitionQueries} as JSON, and
 * NDJSON lines of {@code DeviceAnswer} for the counts.
 */
final class InternalApi {

  static final String PARTITIONS = "partitions";
  static final String PARTITION = "partition";
  static final String DSTDEVICE = "dstdevice";
  static final String SCORE = "score";

  static final String WINDOW = "window";
  static final String LIMIT = "limit";

  static final String STATS = "/internal/stats";
  static final String COUNTS = "/internal/counts";
  static final String WINDOWS = "/internal/windows";

  private InternalApi() {}

  /**
   * {@code /internal/top}: the first {@code n} devices of some partitions by a measure (a {@code
   * TopPart}), all time or, with {@code window}, in the window starting there.
   */
  record Top(int n, Measure by, OptionalLong window, List<Integer> partitions, boolean stale) {
    static final String PATH = "/internal/top";

    String target() {
      return window.isEmpty()
          ? query(PATH, N, n, BY, by.wireName(), PARTITIONS, join(partitions), STALE, stale)
          : query(
              PATH, N, n, BY, by.wireName(), WINDOW, window.getAsLong(), PARTITIONS,
              join(partitions), STALE, stale);
    }

    static Top read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, N, BY, WINDOW, PARTITIONS, STALE);
      int n = params.top();
      Measure by = params.by();
      OptionalLong window = params.optionalLong(WINDOW, 0, Long.MAX_VALUE);
      boolean stale = params.stale();
      return new Top(n, by, window, params.partitions(PARTITIONS, partitionCount), stale);
    }
  }

  /**
   * {@code /internal/window-counts}: every device's evidence in one window of some partitions
   * (NDJSON, as {@link #COUNTS}).
   */
  record WindowCounts(long window, List<Integer> partitions, boolean stale) {
    static final String PATH = "/internal/window-counts";

    String target() {
      return query(PATH, WINDOW, window, PARTITIONS, join(partitions), STALE, stale);
    }

    static WindowCounts read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, WINDOW, PARTITIONS, STALE);
      long window = params.requiredLong(WINDOW, 0, Long.MAX_VALUE);
      boolean stale = params.stale();
      return new WindowCounts(window, params.partitions(PARTITIONS, partitionCount), stale);
    }
  }

  /** {@code /internal/events}: the newest events of some partitions (a list of {@code ServerEvent}). */
  record Events(int limit, List<Integer> partitions, boolean stale) {
    static final String PATH = "/internal/events";

    String target() {
      return query(PATH, LIMIT, limit, PARTITIONS, join(partitions), STALE, stale);
    }

    static Events read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, LIMIT, PARTITIONS, STALE);
      int limit = params.requiredInt(LIMIT, 1, QueryParams.MAX_EVENTS);
      boolean stale = params.stale();
      return new Events(limit, params.partitions(PARTITIONS, partitionCount), stale);
    }
  }

  /**
   * {@code /internal/above}: how many devices of some partitions rank above a probe (an {@code
   * Above}).
   */
  record Above(String dstdevice, Measure by, long score, List<Integer> partitions, boolean stale) {
    static final String PATH = "/internal/above";

    String target() {
      return query(
          PATH,
          DSTDEVICE,
          URLEncoder.encode(dstdevice, StandardCharsets.UTF_8),
          BY,
          by.wireName(),
          SCORE,
          score,
          PARTITIONS,
          join(partitions),
          STALE,
          stale);
    }

    static Above read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, DSTDEVICE, BY, SCORE, PARTITIONS, STALE);
      String dstdevice = params.requiredString(DSTDEVICE);
      Measure by = params.by();
      long score = params.requiredLong(SCORE, 0, Long.MAX_VALUE);
      boolean stale = params.stale();
      return new Above(dstdevice, by, score, params.partitions(PARTITIONS, partitionCount), stale);
    }
  }

  /**
   * {@code /internal/devices/{dstdevice}}: a device's evidence in one partition (a {@code
   * DeviceAnswer}, or a 404 when never seen).
   */
  record Device(String dstdevice, int partition, boolean stale) {
    static final String PATH = "/internal/devices/{" + DSTDEVICE + "}";
    private static final String PREFIX = PATH.substring(0, PATH.indexOf('{'));

    String target() {
      return query(PREFIX + segment(dstdevice), PARTITION, partition, STALE, stale);
    }

    /** A device as a path segment: a space is %20 there, not '+'. */
    static String segment(String dstdevice) {
      return URLEncoder.encode(dstdevice, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Device read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, PARTITION, STALE);
      boolean stale = params.stale();
      String dstdevice = ctx.pathParam(DSTDEVICE);
      return new Device(dstdevice, params.requiredInt(PARTITION, 0, partitionCount - 1), stale);
    }
  }

  /**
   * {@code /internal/timelines/{dstdevice}}: a device's evidence per window in one partition (a
   * list of {@code WindowEvidence}).
   */
  record Timeline(String dstdevice, int partition, boolean stale) {
    static final String PATH = "/internal/timelines/{" + DSTDEVICE + "}";
    private static final String PREFIX = PATH.substring(0, PATH.indexOf('{'));

    String target() {
      return query(PREFIX + Device.segment(dstdevice), PARTITION, partition, STALE, stale);
    }

    static Timeline read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, PARTITION, STALE);
      boolean stale = params.stale();
      String dstdevice = ctx.pathParam(DSTDEVICE);
      return new Timeline(dstdevice, params.requiredInt(PARTITION, 0, partitionCount - 1), stale);
    }
  }

  /**
   * Some partitions, for {@link #STATS} (a {@code StreamStats}), {@link #COUNTS} (NDJSON of every
   * device's evidence) and {@link #WINDOWS} (a list of {@code WindowPart}).
   */
  record Partitions(List<Integer> partitions, boolean stale) {

    String target(String path) {
      return query(path, PARTITIONS, join(partitions), STALE, stale);
    }

    static Partitions read(Context ctx, int partitionCount) {
      QueryParams params = QueryParams.of(ctx, PARTITIONS, STALE);
      boolean stale = params.stale();
      return new Partitions(params.partitions(PARTITIONS, partitionCount), stale);
    }
  }

  private static String join(List<Integer> partitions) {
    return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** {@code path?name=value&...}: names and values in turn, the values already safe in a query. */
  private static String query(String path, Object... namesAndValues) {
    StringJoiner query = new StringJoiner("&", path + "?", "");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      query.add(namesAndValues[i] + "=" + namesAndValues[i + 1]);
    }
    return query.toString();
  }
}
