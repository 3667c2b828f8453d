package io.flowrank.core.api;

import java.util.List;

/**
 * The answer of {@code GET /api/rates}: the sampling interval, the rate over the last seconds, and
 * the samples, oldest first, each with the rate since the one before it.
 */
public record RatesAnswer(long intervalSeconds, double recordsPerSecond, List<Sample> samples) {

  public RatesAnswer {
    samples = List.copyOf(samples);
  }

  /** One reading: when (epoch milliseconds), and the records and web flows read by then. */
  public record Sample(long time, long records, long webFlows, double recordsPerSecond) {}
}
