package io.flowrank.cli;

import io.flowrank.verifier.Durations;
import java.time.Duration;

/** Durations such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or ISO-8601 {@code PT10M}. */
public final class DurationConverter extends ValueConverter<Duration> {

  public DurationConverter() {
    super(Durations::parse);
  }
}
