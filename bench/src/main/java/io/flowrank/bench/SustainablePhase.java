package io.flowrank.bench;

import io.flowrank.core.kafka.FlowFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * (h) Latency as streaming benchmarks define it (issue 20): the sustainable throughput, the highest
 * paced rate the whole pipeline (producer, broker, streams app) keeps up with without a growing
 * backlog, then (h') freshness paced at {@value #SHARE_PERCENT} % of it. One fresh broker and
 * streams app; a generated set of files of {@code --sustainable-file-rows} lines, each ending with
 * a probe line, replayed again and again under new names ({@link Replays}). First an unpaced
 * replay of {@value #WARMUP_ROWS} rows (or the set, once) warms the JVMs up and gives the search
 * its start ({@link RateSearch#unpacedRate}); then each rate is held for {@code
 * --sustainable-seconds} ({@code flowrank produce --files-per-second}: one file is one batch, one
 * transaction) and judged by its files' delays ({@link Backlog}), the next rate chosen by {@link
 * RateSearch}; after each the phase waits until the streams app is caught up, so no backlog carries
 * over. The 80 % run is held twice as long; its freshness is that of (c): per file, from the send
 * of its last batch to its probe visible. Then the verifier over every file replayed.
 */
final class SustainablePhase {

  /** The share of the sustainable throughput the freshness is measured at, in percent. */
  static final int SHARE_PERCENT = 80;

  static final String PHASE = "h sustainable throughput";
  static final String AT_SHARE =
      "h' freshness at " + SHARE_PERCENT + " % of the sustainable throughput";

  /** Rows of the unpaced replay before the search (at most the set, once). */
  static final long WARMUP_ROWS = 1_000_000;

  /** Rates the search tries at most: with 10 s each, the phase stays within a few minutes. */
  static final int MAX_STEPS = 8;

  private static final int FRAMED = FlowFrame.DEFAULT_LINES_PER_RECORD;

  /** The folder of the replays' links in the phase's folder: deleted when the phase ends. */
  private static final String REPLAYS = "replays";

  private final PhaseFigures figures;
  private final Children children;
  private final int fileRows;
  private final int holdSeconds;

  /**
   * @param fileRows the generated rows of each file (one more line: its probe)
   * @param holdSeconds how long each rate of the search is held
   */
  SustainablePhase(PhaseFigures figures, Children children, int fileRows, int holdSeconds) {
    this.figures = figures;
    this.children = children;
    this.fileRows = fileRows;
    this.holdSeconds = holdSeconds;
  }

  /**
   * Runs the phase on the files of {@code set}; logs and replays' folders under {@code runDir}.
   *
   * @return the sustainable throughput in rows/s, if a rate tried was sustained
   */
  OptionalDouble run(Path set, Path runDir) throws IOException, InterruptedException {
    PhaseFigures.log(
        "(h) sustainable throughput: files of %,d rows from %s, each rate held %d s, fresh broker"
            + " and streams app",
        fileRows, set, holdSeconds);
    try (Pipeline pipeline = Pipeline.start(runDir, children)) {
      Replays replays = new Replays(set, runDir.resolve(REPLAYS));
      RateSearch search = new RateSearch(warmUp(pipeline, replays), MAX_STEPS);
      for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
        int step = search.steps().size() + 1;
        Trial trial =
            paced(pipeline, replays, "step-" + step, rate.getAsDouble(), holdSeconds);
        trial.probe().finish();
        Backlog backlog = trial.backlog();
        search.record(rate.getAsDouble(), backlog.sustained());
        step(figures.report(), step, rate.getAsDouble(), backlog);
        PhaseFigures.log(
            "(h) step %d: %,.0f rows/s, %d of %d files timed, delay growth %s: %s",
            step,
            rate.getAsDouble(),
            backlog.timed(),
            backlog.files(),
            growth(backlog),
            backlog.sustained() ? "sustained" : "not sustained");
      }
      OptionalDouble sustainable = search.sustainable();
      figures
          .report()
          .add(PHASE, "rates tried", search.steps().size(), "")
          .add(PHASE, "sustainable throughput", sustainable, "rows/s")
          .add(
              PHASE,
              "lowest rate not sustained (absent: none was)",
              search.lowestFailed(),
              "rows/s");
      if (sustainable.isPresent()) {
        atShare(pipeline, replays, sustainable.getAsDouble() * SHARE_PERCENT / 100);
      } else {
        PhaseFigures.log(
            "(h) no rate tried was sustained: no freshness at %d %% of it", SHARE_PERCENT);
      }
      figures.verify(pipeline, replays.all(), PHASE);
      figures.memory(PHASE, pipeline);
      return sustainable;
    } finally {
      // Links to the set (copies where the file system has none): nothing reads them after.
      BenchData.delete(runDir.resolve(REPLAYS));
    }
  }

  /**
   * The unpaced replay of {@value #WARMUP_ROWS} rows (or the set once) on the fresh pipeline: its
   * figures, and the rate the search starts at ({@link RateSearch#unpacedRate}; launch to caught
   * up when too few files were timed).
   */
  private double warmUp(Pipeline pipeline, Replays replays)
      throws IOException, InterruptedException {
    int files =
        Math.min(replays.setSize(), (int) Math.ceil(WARMUP_ROWS / (double) linesPerFile()));
    Replays.Replay warmup = replays.next("warmup", files);
    FreshnessProbe probe =
        FreshnessProbe.probe(
            pipeline.bootstrap(), pipeline.endpoint(), warmup.probes(), "bench-warmup");
    ReplayCost unpaced =
        pipeline.replay(
            warmup.dir(), warmup.names(), replays.files(), FRAMED, Duration.ofMinutes(10));
    probe.finish();
    OptionalDouble secondHalf = RateSearch.unpacedRate(probe.timings(), linesPerFile());
    figures
        .report()
        .add(
            PHASE,
            "unpaced replay (warm-up), launch to caught up",
            unpaced.rowsPerSecond(),
            "rows/s")
        .add(PHASE, "unpaced replay, its second half (the search's start)", secondHalf, "rows/s");
    return secondHalf.orElse(unpaced.rowsPerSecond());
  }

  /**
   * The figures of one rate of the search: the rate, the files it timed out of those replayed and
   * the growth of their delay (its bound the verdict: both met is sustained).
   */
  static void step(BenchReport.Builder report, int step, double rowsPerSecond, Backlog backlog) {
    String name = "step " + step + ": ";
    report
        .add(PHASE, name + "paced rate", rowsPerSecond, "rows/s")
        .atLeast(PHASE, name + "files timed", backlog.timed(), "", backlog.files());
    if (backlog.growthMillisPerSecond().isPresent()) {
      report.atMost(
          PHASE,
          name + "delay growth",
          backlog.growthMillisPerSecond().getAsDouble(),
          "ms/s",
          Backlog.MAX_GROWTH_MILLIS_PER_SECOND);
    } else {
      report.add(PHASE, name + "delay growth", OptionalDouble.empty(), "ms/s");
    }
  }

  /** (h') Paced at {@code rowsPerSecond} for twice the hold: freshness, backlog and cost. */
  private void atShare(Pipeline pipeline, Replays replays, double rowsPerSecond)
      throws IOException, InterruptedException {
    PhaseFigures.log("(h') freshness paced at %,.0f rows/s", rowsPerSecond);
    Trial trial = paced(pipeline, replays, "at-" + SHARE_PERCENT, rowsPerSecond, 2 * holdSeconds);
    figures.report().add(AT_SHARE, "paced rate", rowsPerSecond, "rows/s");
    figures.freshness(trial.probe(), AT_SHARE);
    Backlog backlog = trial.backlog();
    if (backlog.growthMillisPerSecond().isPresent()) {
      figures
          .report()
          .add(AT_SHARE, "delay growth", backlog.growthMillisPerSecond().getAsDouble(), "ms/s");
    }
    figures.report().add(AT_SHARE, "rows", trial.cost().rows(), "");
    figures.cost(AT_SHARE, trial.cost());
  }

  /** A paced replay: its probe (to finish), its replay and what it cost. */
  private record Trial(
      FreshnessProbe probe, Replays.Replay replay, double filesPerSecond, ReplayCost cost) {

    Backlog backlog() {
      return Backlog.of(replay.names(), probe.timings(), filesPerSecond);
    }
  }

  /**
   * Replays {@code seconds} worth of files paced at {@code rowsPerSecond} (at least {@link
   * Backlog#MIN_FILES}) and waits until the streams app is caught up with them.
   */
  private Trial paced(
      Pipeline pipeline, Replays replays, String name, double rowsPerSecond, int seconds)
      throws IOException, InterruptedException {
    double filesPerSecond = rowsPerSecond / linesPerFile();
    int files = Math.max(Backlog.MIN_FILES, (int) Math.ceil(filesPerSecond * seconds));
    Replays.Replay replay = replays.next(name, files);
    FreshnessProbe probe =
        FreshnessProbe.probe(
            pipeline.bootstrap(), pipeline.endpoint(), replay.probes(), "bench-" + name);
    ReplayMeter meter = pipeline.meter();
    ChildJvm producer = pipeline.produce(replay.dir(), filesPerSecond, FRAMED);
    // A rate over what the pipeline sustains leaves a backlog to drain: up to a few times the hold.
    pipeline.awaitCaughtUp(
        replays.files(), producer, Duration.ofSeconds(60 + 6L * seconds));
    ReplayCost cost = meter.caughtUp(producer, replay.dir(), replay.names(), FRAMED);
    return new Trial(probe, replay, filesPerSecond, cost);
  }

  /** Lines of each file: its rows and its probe. */
  private int linesPerFile() {
    return fileRows + 1;
  }

  private static String growth(Backlog backlog) {
    return backlog.growthMillisPerSecond().isPresent()
        ? String.format(Locale.ROOT, "%.1f ms/s", backlog.growthMillisPerSecond().getAsDouble())
        : "unknown";
  }
}
