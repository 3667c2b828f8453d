package io.flowrank.streams.http;

import io.javalin.http.Context;
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

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
