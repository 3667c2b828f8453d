package io.flowrank.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streams app's own time for a route's answers, from the {@code http.server.requests} buckets
 * of its {@code /metrics} (Prometheus text): two scrapes, and what was answered between them. The
 * server's share of a latency the clients measure, the rest being the clients, the loopback and
 * the wake-ups between them.
 *
 * @param buckets answers within each bucket's bound (seconds), cumulative; the last is +Inf
 */
record ServerTimes(TreeMap<Double, Long> buckets) {

  private static final Pattern BUCKET =
      Pattern.compile(
          "^http_server_requests_seconds_bucket\\{([^}]*)} ([0-9.eE+-]+)", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** The GET answers with status 200 of {@code route} (Javalin's matched path) in one scrape. */
  static ServerTimes of(String metrics, String route) {
    TreeMap<Double, Long> buckets = new TreeMap<>();
    Matcher line = BUCKET.matcher(metrics);
    while (line.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(line.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      if (route.equals(labels.get("path"))
          && "GET".equals(labels.get("method"))
          && "200".equals(labels.get("status"))
          && labels.containsKey("le")) {
        double bound =
            labels.get("le").equals("+Inf")
                ? Double.POSITIVE_INFINITY
                : Double.parseDouble(labels.get("le"));
        buckets.merge(bound, (long) Double.parseDouble(line.group(2)), Long::sum);
      }
    }
    return new ServerTimes(buckets);
  }

  /** What was answered after {@code earlier} (a scrape of the same app before this one). */
  ServerTimes since(ServerTimes earlier) {
    TreeMap<Double, Long> between = new TreeMap<>();
    buckets.forEach(
        (bound, count) -> between.put(bound, count - earlier.buckets.getOrDefault(bound, 0L)));
    return new ServerTimes(between);
  }

  /** How many answers. */
  long count() {
    return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
  }

  /** The share of the answers (0..1) within {@code seconds}, a bucket's bound; NaN with none. */
  double shareWithin(double seconds) {
    Long within = buckets.get(seconds);
    return count() == 0 || within == null ? Double.NaN : (double) within / count();
  }

  /**
   * The bound (milliseconds) of the first bucket that holds {@code quantile} of the answers: the
   * quantile is at most that; infinite when only +Inf does, NaN with no answers.
   */
  double atMostMillis(double quantile) {
    long count = count();
    if (count == 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= quantile * count) {
        return bucket.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
