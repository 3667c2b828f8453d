package io.flowrank.core.evidence;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a ranking can order devices by (docs/design.md §1.5): each only grows as flows arrive, which
 * is what keeps the live rankings exact. Ties are broken by dstdevice, ascending.
 */
public enum Measure {
  COUNT("count"),
  ANSWERED("answered"),
  CLIENTS("clients"),
  BYTES_OUT("bytesOut"),
  BYTES_IN("bytesIn");

  private final String wireName;

  Measure(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API ({@code /api/top?by=}) and the CLI ({@code --by}). */
  public String wireName() {
    return wireName;
  }

  /** The measure of this wire name, exactly as written. */
  public static Optional<Measure> of(String wireName) {
    for (Measure measure : values()) {
      if (measure.wireName.equals(wireName)) {
        return Optional.of(measure);
      }
    }
    return Optional.empty();
  }

  /** The wire names, comma-separated, for messages. */
  public static String names() {
    return Arrays.stream(values()).map(Measure::wireName).collect(Collectors.joining(", "));
  }

  /** The device's value of this measure; byte sums above 2^63 - 1 rank as 2^63 - 1. */
  public long score(Evidence evidence) {
    return switch (this) {
      case COUNT -> evidence.count();
      case ANSWERED -> evidence.answered();
      case CLIENTS -> evidence.clients();
      case BYTES_OUT -> evidence.bytesOut().saturated();
      case BYTES_IN -> evidence.bytesIn().saturated();
    };
  }

  /** The device's exact value of this measure. */
  public Total total(Evidence evidence) {
    return switch (this) {
      case BYTES_OUT -> evidence.bytesOut();
      case BYTES_IN -> evidence.bytesIn();
      default -> Total.of(score(evidence));
    };
  }
}
