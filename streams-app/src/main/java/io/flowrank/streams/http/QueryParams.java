package io.flowrank.streams.http;

import io.flowrank.core.evidence.Measure;
import io.flowrank.streams.topology.Rankings;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one request, read strictly from the raw query string: bad
 * percent-encoding, an unknown name, a name given twice and a malformed value are all 400s, never a
 * 500 and never silently ignored (a lenient reading would drop {@code n=%zz} and answer the default
 * as if the client had asked for it).
 */
public final class QueryParams {

  /** How many devices a top-N asks for: 1 to {@link #MAX_TOP}, {@link #DEFAULT_TOP} if absent. */
  public static final String N = "n";

  /** {@code true} to read standby copies too; false when absent. */
  public static final String STALE = "stale";

  /** The measure a ranking orders by ({@code count} when absent): a {@link Measure} wire name. */
  public static final String BY = "by";

  public static final int MAX_TOP = Rankings.CAPACITY;
  public static final int DEFAULT_TOP = 20;

  /** The window a ranking or the counts are of: {@code latest} or a window's start; all time when absent. */
  public static final String WINDOW = "window";

  /** How many events {@code /api/events} lists: 1 to {@link #MAX_EVENTS}, {@link #DEFAULT_EVENTS} if absent. */
  public static final String LIMIT = "limit";

  public static final int MAX_EVENTS = 100_000;
  public static final int DEFAULT_EVENTS = 100;

  /** {@link #WINDOW}'s value for the newest window holding flows. */
  public static final String LATEST = "latest";

  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code rawQuery} (as sent, still percent-encoded; null when there is none), allowing
   * only the names in {@code allowed}, each at most once.
   */
  static QueryParams parse(String rawQuery, Set<String> allowed) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParams(values);
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue; // "a=1&&b=2" or a trailing '&': nothing was asked
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (!allowed.contains(name)) {
        throw new BadRequestException(
            "unknown parameter '"
                + abbreviate(name)
                + "'"
                + (allowed.isEmpty()
                    ? "; this path takes none"
                    : "; allowed: " + new TreeSet<>(allowed)));
      }
      if (values.putIfAbsent(name, value) != null) {
        throw new BadRequestException("parameter '" + name + "' is given more than once");
      }
    }
    return new QueryParams(values);
  }

  /** The request's query, allowing only {@code allowed} (each once). */
  public static QueryParams of(Context ctx, String... allowed) {
    return parse(ctx.queryString(), Set.of(allowed));
  }

  /** {@link #N}. */
  public int top() {
    return intParam(N, DEFAULT_TOP, 1, MAX_TOP);
  }

  /** {@link #BY}: the measure to rank by; {@code count} when absent. */
  public Measure by() {
    String raw = values.get(BY);
    if (raw == null) {
      return Measure.COUNT;
    }
    return Measure.of(raw)
        .orElseThrow(
            () ->
                new BadRequestException(
                    "'by' must be one of " + Measure.names() + ", got '" + abbreviate(raw) + "'"));
  }

  /** {@link #LIMIT}. */
  public int limit() {
    return intParam(LIMIT, DEFAULT_EVENTS, 1, MAX_EVENTS);
  }

  /**
   * {@link #WINDOW}: empty when absent (all time), {@link OptionalLong#empty()} inside for {@code
   * latest}, else the start asked for.
   */
  public Optional<OptionalLong> window() {
    String raw = values.get(WINDOW);
    if (raw == null) {
      return Optional.empty();
    }
    if (raw.equals(LATEST)) {
      return Optional.of(OptionalLong.empty());
    }
    try {
      long start = Long.parseLong(raw.strip());
      if (start >= 0) {
        return Optional.of(OptionalLong.of(start));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(
        "'window' must be latest or a window's start (seconds of data time, 0 or more), got '"
            + abbreviate(raw)
            + "'");
  }

  /** {@link #STALE}. */
  public boolean stale() {
    return boolParam(STALE);
  }

  /** An integer parameter within [min, max], or the default when absent. */
  int intParam(String name, int defaultValue, int min, int max) {
    String raw = values.get(name);
    return raw == null ? defaultValue : parseInt(name, raw, min, max);
  }

  /** An integer parameter within [min, max] that must be given. */
  public int requiredInt(String name, int min, int max) {
    String raw = values.get(name);
    if (raw == null) {
      throw new BadRequestException(
          "'" + name + "' is required, an integer from " + min + " to " + max);
    }
    return parseInt(name, raw, min, max);
  }

  /** A string parameter that must be given, not empty. */
  public String requiredString(String name) {
    String raw = values.get(name);
    if (raw == null || raw.isEmpty()) {
      throw new BadRequestException("'" + name + "' is required");
    }
    return raw;
  }

  /** A long parameter within [min, max], or empty when absent. */
  public OptionalLong optionalLong(String name, long min, long max) {
    return values.containsKey(name)
        ? OptionalLong.of(requiredLong(name, min, max))
        : OptionalLong.empty();
  }

  /** A long parameter within [min, max] that must be given. */
  public long requiredLong(String name, long min, long max) {
    String raw = values.get(name);
    if (raw != null) {
      try {
        long value = Long.parseLong(raw.strip());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with the accepted range
      }
    }
    throw new BadRequestException(
        "'" + name + "' is required, an integer from " + min + " to " + max
            + (raw == null ? "" : ", got '" + abbreviate(raw) + "'"));
  }

  /** {@code true} or {@code false}; absent is false. */
  boolean boolParam(String name) {
    String raw = values.get(name);
    if (raw == null || raw.equalsIgnoreCase("false")) {
      return false;
    }
    if (raw.equalsIgnoreCase("true")) {
      return true;
    }
    throw new BadRequestException(
        "'" + name + "' must be true or false, got '" + abbreviate(raw) + "'");
  }

  /** A comma-separated list of distinct partition numbers, each in [0, count). */
  public List<Integer> partitions(String name, int count) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      throw new BadRequestException("'" + name + "' is required");
    }
    List<Integer> out = new ArrayList<>();
    for (String part : raw.split(",", -1)) {
      int partition;
      try {
        partition = Integer.parseInt(part.strip());
      } catch (NumberFormatException e) {
        throw new BadRequestException(
            "'" + name + "' must list numbers, got '" + abbreviate(raw) + "'");
      }
      if (partition < 0 || partition >= count || out.contains(partition)) {
        throw new BadRequestException(
            "bad or repeated partition " + partition + " (0.." + (count - 1) + ")");
      }
      out.add(partition);
    }
    return out;
  }

  /** The first 64 characters of a client's text, for a message that quotes it. */
  public static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  private static int parseInt(String name, String raw, int min, int max) {
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new BadRequestException(
        "'"
            + name
            + "' must be an integer from "
            + min
            + " to "
            + max
            + ", got '"
            + abbreviate(raw)
            + "'");
  }

  /** Form decoding ('+' is a space) that refuses a broken escape instead of guessing. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "malformed percent-encoding in the query: '" + abbreviate(raw) + "'");
    }
  }
}
