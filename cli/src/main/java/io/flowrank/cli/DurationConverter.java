package io.flowrank.cli;

import io.flowrank.verifier.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Durations such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or ISO-8601 {@code PT10M}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
