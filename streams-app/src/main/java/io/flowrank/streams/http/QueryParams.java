package io.flowrank.streams.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validation of query parameters: unknown names and malformed values are 400s, never 500s. */
final class QueryParams {

  private QueryParams() {}

  static void allowOnly(Context ctx, Set<String> allowed) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!allowed.contains(name)) {
        throw new BadRequestException(
            "unknown parameter '" + name + "'" + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
      }
    }
  }

  /** An integer parameter within [min, max], or the default when absent. */
  static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new BadRequestException(
        "'" + name + "' must be an integer from " + min + " to " + max + ", got '" + abbreviate(raw) + "'");
  }

  /** {@code true} or {@code false}; absent is false. */
  static boolean boolParam(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.equalsIgnoreCase("false")) {
      return false;
    }
    if (raw.equalsIgnoreCase("true")) {
      return true;
    }
    throw new BadRequestException("'" + name + "' must be true or false, got '" + abbreviate(raw) + "'");
  }

  /** A comma-separated list of distinct partition numbers, each in [0, count). */
  static List<Integer> partitions(Context ctx, int count) {
    String raw = ctx.queryParam("partitions");
    if (raw == null || raw.isBlank()) {
      throw new BadRequestException("'partitions' is required");
    }
    List<Integer> out = new ArrayList<>();
    for (String part : raw.split(",", -1)) {
      int partition;
      try {
        partition = Integer.parseInt(part.strip());
      } catch (NumberFormatException e) {
        throw new BadRequestException("'partitions' must list numbers, got '" + abbreviate(raw) + "'");
      }
      if (partition < 0 || partition >= count || out.contains(partition)) {
        throw new BadRequestException("bad or repeated partition " + partition + " (0.." + (count - 1) + ")");
      }
      out.add(partition);
    }
    return out;
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
