package io.flowrank.bench;

import java.util.Arrays;

/**
 * Percentiles of a latency sample (nearest rank), in the sample's unit.
 *
 * @param count how many values
 */
record Percentiles(int count, double p50, double p99, double max) {

  static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0);

  static Percentiles of(double[] values) {
    if (values.length == 0) {
      return EMPTY;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
