package io.flowrank.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The search for the sustainable throughput (issue 20: the highest paced rate the whole pipeline
 * sustains without a growing backlog): which rate to try next, given the verdicts so far. It starts
 * at a measured rate (an unpaced replay's), steps up by {@link #STEP} while every rate is sustained
 * and down by it while none is, then bisects between the highest sustained rate and the lowest
 * failed one until they are within {@link #PRECISION} of each other, or {@code maxSteps} rates were
 * tried. Pure: the rates are measured elsewhere.
 */
final class RateSearch {

  /** One rate tried and its verdict. */
  record Step(double rowsPerSecond, boolean sustained) {}

  /** The factor between two rates tried before the search has a bracket. */
  static final double STEP = 1.25;

  /** The search ends when the lowest failed rate is within 5 % above the highest sustained one. */
  static final double PRECISION = 1.05;

  private final double start;
  private final int maxSteps;
  private final List<Step> steps = new ArrayList<>();

  /**
   * @param start the first rate to try, rows per second (above 0)
   * @param maxSteps how many rates the search tries at most (at least 1)
   */
  RateSearch(double start, int maxSteps) {
    if (!(start > 0) || Double.isInfinite(start) || maxSteps < 1) {
      throw new IllegalArgumentException(
          "a search starts at a finite rate above 0 and tries at least one rate: " + start + ", "
              + maxSteps);
    }
    this.start = start;
    this.maxSteps = maxSteps;
  }

  /** The next rate to try, rows per second; empty when the search is over. */
  OptionalDouble next() {
    if (steps.isEmpty()) {
      return OptionalDouble.of(start);
    }
    if (steps.size() >= maxSteps) {
      return OptionalDouble.empty();
    }
    OptionalDouble sustained = sustainable();
    OptionalDouble failed = lowestFailed();
    if (sustained.isEmpty()) {
      return OptionalDouble.of(failed.getAsDouble() / STEP);
    }
    if (failed.isEmpty()) {
      return OptionalDouble.of(sustained.getAsDouble() * STEP);
    }
    double low = sustained.getAsDouble();
    double high = failed.getAsDouble();
    if (high <= low * PRECISION) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((low + high) / 2);
  }

  /**
   * Where to start: the rate at which the probes of an unpaced replay's second half became
   * visible, rows per second (the JVMs warm by then, and the streams app working off the backlog
   * the producer builds up, so close to what the pipeline does); empty with fewer than {@link
   * Backlog#MIN_FILES} files timed or no time between them.
   *
   * @param timings the files timed, in replay order
   * @param linesPerFile the lines of each file
   */
  static OptionalDouble unpacedRate(List<FreshnessProbe.Timing> timings, int linesPerFile) {
    int timed = timings.size();
    if (timed < Backlog.MIN_FILES) {
      return OptionalDouble.empty();
    }
    FreshnessProbe.Timing middle = timings.get(timed / 2);
    FreshnessProbe.Timing last = timings.get(timed - 1);
    long millis = last.visibleMillis() - middle.visibleMillis();
    if (millis <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((timed - 1 - timed / 2) * (double) linesPerFile * 1000 / millis);
  }

  /** Records the verdict on a rate tried. */
  void record(double rowsPerSecond, boolean sustained) {
    steps.add(new Step(rowsPerSecond, sustained));
  }

  /** The highest rate sustained so far; empty while none was. */
  OptionalDouble sustainable() {
    return steps.stream().filter(Step::sustained).mapToDouble(Step::rowsPerSecond).max();
  }

  /** The rates tried, in order, with their verdicts. */
  List<Step> steps() {
    return List.copyOf(steps);
  }

  /**
   * The lowest rate not sustained; empty while every rate was (the search then ended before it
   * found the pipeline's limit, and {@link #sustainable} is a lower bound of it).
   */
  OptionalDouble lowestFailed() {
    return steps.stream().filter(s -> !s.sustained()).mapToDouble(Step::rowsPerSecond).min();
  }
}
