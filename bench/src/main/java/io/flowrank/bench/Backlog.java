package io.flowrank.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Whether a paced replay kept up, from its files' times ({@link FreshnessProbe.Timing}). A file's
 * delay runs from when the producer's schedule had it due (the schedule's start plus its place /
 * files per second) to its probe visible, so it grows alike when the producer falls behind its
 * schedule and when the streams app's backlog grows. The schedule's start is the earliest the
 * files' send times allow (for each file: its send time less its place / files per second). The
 * growth compares the median delay of the second half of the files with that of the first half, per
 * second of schedule between the two halves' middles: medians, so a pause or the producer's cold
 * first files do not decide it.
 *
 * @param files the files replayed
 * @param timed the files whose send and visible times were both seen
 * @param growthMillisPerSecond how much the delay grew per second of schedule; empty with fewer
 *     than {@link #MIN_FILES} files timed
 */
record Backlog(int files, int timed, OptionalDouble growthMillisPerSecond) {

  /**
   * The most a sustained rate's delay may grow: 50 ms per second (5 %), a backlog of one more
   * second after 20 s. A rate 5 % over what the pipeline can do grows by about that much.
   */
  static final double MAX_GROWTH_MILLIS_PER_SECOND = 50;

  /** Fewer timed files say nothing about a trend. */
  static final int MIN_FILES = 4;

  /** Sustained: every file timed, and the delay grew by at most the bound. */
  boolean sustained() {
    return timed == files
        && growthMillisPerSecond.isPresent()
        && growthMillisPerSecond.getAsDouble() <= MAX_GROWTH_MILLIS_PER_SECOND;
  }

  /**
   * The backlog of a replay of {@code files} (in replay order) paced at {@code filesPerSecond},
   * from the {@code timings} measured (in any order; files not in {@code files} are ignored).
   */
  static Backlog of(
      List<String> files, List<FreshnessProbe.Timing> timings, double filesPerSecond) {
    if (!(filesPerSecond > 0)) {
      throw new IllegalArgumentException("files per second must be above 0: " + filesPerSecond);
    }
    Map<String, Integer> places = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      places.put(files.get(i), i);
    }
    List<Placed> order = new ArrayList<>();
    for (FreshnessProbe.Timing timing : timings) {
      Integer place = places.get(timing.file());
      if (place != null) {
        order.add(new Placed(place, timing));
      }
    }
    order.sort(Comparator.comparingInt(Placed::place));
    int timed = order.size();
    if (timed < MIN_FILES) {
      return new Backlog(files.size(), timed, OptionalDouble.empty());
    }
    double periodMillis = 1000 / filesPerSecond;
    double start = Double.POSITIVE_INFINITY;
    for (Placed file : order) {
      start = Math.min(start, file.timing().sentMillis() - file.place() * periodMillis);
    }
    int half = timed / 2;
    double[] first = new double[half];
    double[] second = new double[timed - half];
    double firstPlaces = 0;
    double secondPlaces = 0;
    for (int i = 0; i < timed; i++) {
      Placed file = order.get(i);
      double delay = file.timing().visibleMillis() - (start + file.place() * periodMillis);
      if (i < half) {
        first[i] = delay;
        firstPlaces += file.place();
      } else {
        second[i - half] = delay;
        secondPlaces += file.place();
      }
    }
    double seconds =
        (secondPlaces / second.length - firstPlaces / first.length) * periodMillis / 1000;
    double growth = Percentiles.of(second).p50() - Percentiles.of(first).p50();
    return new Backlog(files.size(), timed, OptionalDouble.of(growth / seconds));
  }

  /** A file timed and its place in the replay. */
  private record Placed(int place, FreshnessProbe.Timing timing) {}
}
