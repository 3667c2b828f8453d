package io.flowrank.verifier;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations users type on the command line: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 1h}, a plain number of seconds ({@code 90}), or ISO-8601 ({@code PT10M}). Never negative.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

  private Durations() {}

  /**
   * The duration {@code text} stands for.
   *
   * @throws IllegalArgumentException with a message fit for the user when it is not one
   */
  public static Duration parse(String text) {
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      switch (unit) {
        case "ms":
          return Duration.ofMillis(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        default:
          return Duration.ofSeconds(amount);
      }
    }
    if (trimmed.startsWith("p")) {
      try {
        Duration iso = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        if (!iso.isNegative()) {
          return iso;
        }
      } catch (DateTimeParseException e) {
        throw notADuration(text);
      }
    }
    throw notADuration(text);
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "not a duration: '" + text + "' (use for example 500ms, 30s, 10m, 1h or PT10M)");
  }

  /** A short human form: {@code 10m}, {@code 1m30s}, {@code 2.5s}, {@code 250ms}. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return millis % 1000 == 0
          ? millis / 1000 + "s"
          : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = d.getSeconds();
    StringBuilder sb = new StringBuilder();
    if (seconds >= 3600) {
      sb.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      sb.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0) {
      sb.append(seconds % 60).append('s');
    }
    return sb.toString();
  }
}
