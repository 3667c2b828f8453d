package io.flowrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowrank.core.api.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure parts of phase (h): the rate search's choices from given verdicts, the backlog's verdict
 * from given file times, and how both reach the table and the JSON. No clock is read.
 */
class SustainableThroughputTest {

  /** Runs a search against a pipeline whose verdicts {@code sustains} gives; the rates tried. */
  private static RateSearch search(double start, int maxSteps, DoublePredicate sustains) {
    RateSearch search = new RateSearch(start, maxSteps);
    for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
      search.record(rate.getAsDouble(), sustains.test(rate.getAsDouble()));
    }
    return search;
  }

  @Test
  void theSearchStepsUpWhileSustainedThenBisectsToWithinFivePercent() {
    RateSearch search = search(100_000, 10, rate -> rate <= 155_000);

    assertThat(search.steps())
        .containsExactly(
            new RateSearch.Step(100_000, true),
            new RateSearch.Step(125_000, true),
            new RateSearch.Step(156_250, false),
            new RateSearch.Step(140_625, true),
            new RateSearch.Step(148_437.5, true),
            new RateSearch.Step(152_343.75, true));
    assertThat(search.sustainable()).hasValue(152_343.75);
    assertThat(search.lowestFailed()).hasValue(156_250);
  }

  @Test
  void theSearchStepsDownWhileNothingIsSustained() {
    RateSearch search = search(100_000, 10, rate -> rate <= 60_000);

    assertThat(search.steps())
        .extracting(RateSearch.Step::rowsPerSecond)
        .containsExactly(100_000.0, 80_000.0, 64_000.0, 51_200.0, 57_600.0, 60_800.0, 59_200.0);
    assertThat(search.steps())
        .extracting(RateSearch.Step::sustained)
        .containsExactly(false, false, false, true, true, false, true);
    assertThat(search.sustainable()).hasValue(59_200);
  }

  @Test
  void theSearchEndsAfterItsLastStepEvenWithoutAnswer() {
    RateSearch search = search(100_000, 3, rate -> false);

    assertThat(search.steps()).hasSize(3);
    assertThat(search.sustainable()).isEmpty();
    assertThat(search.lowestFailed()).hasValue(64_000);
    assertThat(search(100_000, 2, rate -> true).lowestFailed()).isEmpty();
    assertThat(search(100_000, 1, rate -> true).steps()).hasSize(1);
    assertThatThrownBy(() -> new RateSearch(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateSearch(Double.NaN, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateSearch(1000, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSearchStartsAtTheRateTheUnpacedReplaysSecondHalfBecameVisible() {
    // 10 files of 10,001 lines; the first five slow (cold JVMs), then one every 50 ms.
    List<FreshnessProbe.Timing> timings =
        timings(10, i -> 0, i -> i < 5 ? 1_000L * i : 4_000 + 50L * (i - 4));

    // Files 5 .. 9 visible from 4,050 to 4,250 ms: 4 files of 10,001 lines in 200 ms.
    assertThat(RateSearch.unpacedRate(timings, 10_001).getAsDouble())
        .isCloseTo(4 * 10_001 / 0.2, within(1e-6));
    assertThat(RateSearch.unpacedRate(timings.subList(0, 3), 10_001)).isEmpty();
    assertThat(RateSearch.unpacedRate(timings(6, i -> 0, i -> 7), 10_001)).isEmpty();
  }

  private static List<String> names(int files) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      names.add("step-1-" + i + ".json");
    }
    return names;
  }

  /** Files {@code 0..files-1}: sent at {@code sent(i)}, visible at {@code visible(i)}. */
  private static List<FreshnessProbe.Timing> timings(
      int files, IntToLongFunction sent, IntToLongFunction visible) {
    List<FreshnessProbe.Timing> timings = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      timings.add(
          new FreshnessProbe.Timing(
              "step-1-" + i + ".json", sent.applyAsLong(i), visible.applyAsLong(i)));
    }
    return timings;
  }

  @Test
  void aPipelineThatKeepsUpHasNoGrowingDelay() {
    // 10 files/s, on schedule, visible 150 or 190 ms after the send: no trend.
    Backlog backlog =
        Backlog.of(
            names(20),
            timings(20, i -> 1_000 + 100L * i, i -> 1_000 + 100L * i + 150 + (i % 2) * 40),
            10);

    assertThat(backlog.timed()).isEqualTo(20);
    assertThat(backlog.growthMillisPerSecond().getAsDouble()).isCloseTo(0, within(1e-9));
    assertThat(backlog.sustained()).isTrue();
  }

  @Test
  void aStreamOrAProducerThatFallsBehindGrowsTheDelay() {
    // The streams app shows each file 20 ms later than the one before, on a schedule of 100 ms.
    List<FreshnessProbe.Timing> streamBehind =
        timings(20, i -> 1_000 + 100L * i, i -> 1_150 + 120L * i);
    // The producer sends a file every 120 ms where the schedule says 100: each file as fresh.
    List<FreshnessProbe.Timing> producerBehind =
        timings(20, i -> 1_000 + 120L * i, i -> 1_150 + 120L * i);

    for (List<FreshnessProbe.Timing> timings : List.of(streamBehind, producerBehind)) {
      Backlog backlog = Backlog.of(names(20), timings, 10);
      assertThat(backlog.growthMillisPerSecond().getAsDouble()).isCloseTo(200, within(1e-9));
      assertThat(backlog.sustained()).isFalse();
    }
  }

  @Test
  void aSlowStartDoesNotDecideAndTheBoundIsInclusive() {
    // The producer's first two files late by 800 ms (a cold JVM), then on schedule.
    IntToLongFunction late = i -> i < 2 ? 800 : 0;
    Backlog coldStart =
        Backlog.of(
            names(20),
            timings(
                20,
                i -> 1_000 + 100L * i + late.applyAsLong(i),
                i -> 1_150 + 100L * i + late.applyAsLong(i)),
            10);
    // Exactly 50 ms/s: 5 ms more per file of 100 ms.
    Backlog atTheBound =
        Backlog.of(names(20), timings(20, i -> 1_000 + 100L * i, i -> 1_150 + 105L * i), 10);

    assertThat(coldStart.sustained()).isTrue();
    assertThat(atTheBound.growthMillisPerSecond().getAsDouble())
        .isCloseTo(Backlog.MAX_GROWTH_MILLIS_PER_SECOND, within(1e-9));
    assertThat(atTheBound.sustained()).isTrue();
  }

  @Test
  void aFileNeverSeenOrTooFewFilesIsNotSustained() {
    List<FreshnessProbe.Timing> all = timings(20, i -> 1_000 + 100L * i, i -> 1_150 + 100L * i);
    Backlog oneMissing = Backlog.of(names(20), all.subList(0, 19), 10);
    Backlog tooFew = Backlog.of(names(3), all.subList(0, 3), 10);
    // Timings of other files (an earlier replay) and out of order: ignored, then put in order.
    List<FreshnessProbe.Timing> mixed = new ArrayList<>(all.subList(0, 8));
    Collections.reverse(mixed);
    mixed.add(new FreshnessProbe.Timing("warmup-00001-time_001.json", 0, 99_999));
    Backlog reordered = Backlog.of(names(8), mixed, 10);

    assertThat(oneMissing.timed()).isEqualTo(19);
    assertThat(oneMissing.growthMillisPerSecond().getAsDouble()).isCloseTo(0, within(1e-9));
    assertThat(oneMissing.sustained()).isFalse();
    assertThat(tooFew.growthMillisPerSecond()).isEmpty();
    assertThat(tooFew.sustained()).isFalse();
    assertThat(reordered.timed()).isEqualTo(8);
    assertThat(reordered.sustained()).isTrue();
    assertThatThrownBy(() -> Backlog.of(names(4), all, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachStepAndTheRunsWindowsReachTheTableAndTheJson(@TempDir Path dir) throws Exception {
    BenchReport.Builder builder =
        new BenchReport.Builder().setup(new BenchReport.Setup("off", "512m"));
    SustainablePhase.step(builder, 1, 300_000, new Backlog(300, 300, OptionalDouble.of(12.5)));
    SustainablePhase.step(builder, 2, 375_000, new Backlog(375, 375, OptionalDouble.of(180)));
    SustainablePhase.step(builder, 3, 1_000, new Backlog(4, 2, OptionalDouble.empty()));
    BenchReport report = builder.build();

    assertThat(report.figures())
        .extracting(BenchReport.Figure::name)
        .containsExactly(
            "step 1: paced rate", "step 1: files timed", "step 1: delay growth",
            "step 2: paced rate", "step 2: files timed", "step 2: delay growth",
            "step 3: paced rate", "step 3: files timed", "step 3: delay growth");
    assertThat(report.figures())
        .extracting(BenchReport.Figure::met)
        .containsExactly(null, true, true, null, true, false, null, false, null);
    assertThat(report.table())
        .contains("streams app: --window off, -Xmx512m", "≤ 50 ms/s", "375,000 rows/s");

    Path json = dir.resolve("bench.json");
    report.writeJson(json);
    BenchReport read = Wire.read(Files.readAllBytes(json), BenchReport.class);
    assertThat(read).isEqualTo(report);
    assertThat(read.setup()).isEqualTo(new BenchReport.Setup("off", "512m"));
    assertThat(read.figures().get(8).value()).isNull();
  }

  @Test
  void aReportWithoutSettingsSaysNothingOfThem() {
    BenchReport report = new BenchReport.Builder().add("a batch", "rows", 10, "").build();

    assertThat(report.setup()).isNull();
    assertThat(report.table()).doesNotContain("streams app:");
  }
}
