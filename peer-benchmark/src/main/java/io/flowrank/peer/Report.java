package io.flowrank.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The side-by-side table of a benchmark's runs: per system each round's seconds and rows/s, the
 * medians, and flowrank's speed against each Spark run (its median rows/s over theirs); the same
 * figures as JSON. A run with no result (it failed before writing one) counts as wrong.
 */
final class Report {

  /**
   * One system's round.
   *
   * @param seconds null when the run gave no time
   * @param rowsPerSecond the benchmark's rows over those seconds
   */
  record Round(int round, Double seconds, Double rowsPerSecond, boolean correct, String note) {}

  /** One system's rounds and medians (null without a timed round). */
  record SystemFigures(
      PeerSystem system,
      String title,
      List<Round> rounds,
      Double medianSeconds,
      Double medianRowsPerSecond,
      boolean correct) {}

  /**
   * The whole benchmark.
   *
   * @param flowrankSpeed per Spark run, flowrank's median rows/s over its own (above 1: flowrank
   *     is faster)
   */
  record Summary(
      Machine machine,
      long rows,
      int files,
      int rounds,
      List<SystemFigures> systems,
      Map<PeerSystem, Double> flowrankSpeed,
      boolean correct) {}

  private Report() {}

  /** Reads every run's result in {@code results} (files {@code *.json}). */
  static Summary of(Path results, long rows, int files, int rounds, Machine machine)
      throws IOException {
    Map<PeerSystem, Map<Integer, RunResult>> runs = new EnumMap<>(PeerSystem.class);
    try (Stream<Path> listing = Files.list(results)) {
      for (Path file : listing.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        RunResult run = RunResult.read(file);
        runs.computeIfAbsent(run.system(), s -> new LinkedHashMap<>()).put(run.round(), run);
      }
    }
    List<SystemFigures> systems = new ArrayList<>();
    for (PeerSystem system : PeerSystem.values()) {
      Map<Integer, RunResult> byRound = runs.getOrDefault(system, Map.of());
      List<Round> list = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        RunResult run = byRound.get(r);
        if (run == null || !Double.isFinite(run.seconds())) {
          list.add(
              new Round(
                  r,
                  null,
                  null,
                  false,
                  run == null ? "no result: the run failed (its log says why)" : run.note()));
        } else {
          list.add(
              new Round(
                  r,
                  run.seconds(),
                  rows / run.seconds(),
                  run.correct(),
                  run.note()));
        }
      }
      systems.add(
          new SystemFigures(
              system,
              system.title(),
              list,
              median(list.stream().map(Round::seconds)),
              median(list.stream().map(Round::rowsPerSecond)),
              list.stream().allMatch(Round::correct)));
    }
    Map<PeerSystem, Double> speed = new EnumMap<>(PeerSystem.class);
    Double flowrank = systems.get(0).medianRowsPerSecond();
    for (SystemFigures s : systems.subList(1, systems.size())) {
      if (flowrank != null && s.medianRowsPerSecond() != null) {
        speed.put(s.system(), flowrank / s.medianRowsPerSecond());
      }
    }
    boolean correct = systems.stream().allMatch(SystemFigures::correct);
    return new Summary(machine, rows, files, rounds, systems, speed, correct);
  }

  /** The table, one line each. */
  static List<String> table(Summary summary) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "peer benchmark: %,d rows in %d files, %d round%s (interleaved)",
            summary.rows(),
            summary.files(),
            summary.rounds(),
            summary.rounds() == 1 ? "" : "s"));
    Machine m = summary.machine();
    lines.add("machine: " + m.cpu() + ", " + m.cores() + " cores; " + m.java() + "; " + m.os());
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "system"));
    for (int r = 1; r <= summary.rounds(); r++) {
      header.append(String.format(Locale.ROOT, "  %-22s", "round " + r));
    }
    header.append(String.format(Locale.ROOT, "  %-22s  %s", "median", "flowrank ÷ it"));
    lines.add(header.toString());
    for (SystemFigures s : summary.systems()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", s.title()));
      for (Round r : s.rounds()) {
        line.append("  ").append(cell(r.seconds(), r.rowsPerSecond(), r.correct()));
      }
      line.append("  ").append(cell(s.medianSeconds(), s.medianRowsPerSecond(), true));
      Double speed = summary.flowrankSpeed().get(s.system());
      if (speed != null) {
        line.append(String.format(Locale.ROOT, "  %.2f×", speed));
      }
      lines.add(line.toString().stripTrailing());
    }
    Double files = summary.flowrankSpeed().get(PeerSystem.SPARK_SS_FILES);
    lines.add(
        "flowrank ÷ Spark SS, files (median rows/s over median rows/s): "
            + (files == null ? "no figure" : String.format(Locale.ROOT, "%.2f×", files))
            + " (the target elsewhere: ≥ 1.2×)");
    for (SystemFigures s : summary.systems()) {
      for (Round r : s.rounds()) {
        if (!r.correct()) {
          lines.add("WRONG: " + s.title() + ", round " + r.round() + ": " + r.note());
        }
      }
    }
    lines.add(
        summary.correct()
            ? "every run found the true count of every device"
            : "WRONG: at least one run did not find the true counts (above)");
    return lines;
  }

  static void writeJson(Summary summary, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    RunResult.JSON.writeValue(file.toFile(), summary);
  }

  /** A wrong round shows its figures, marked: a fast wrong answer is no answer. */
  private static String cell(Double seconds, Double rowsPerSecond, boolean correct) {
    if (seconds == null) {
      return String.format(Locale.ROOT, "%-22s", "failed");
    }
    return String.format(
        Locale.ROOT,
        "%7.2f s %,9.0f/s%s",
        seconds,
        rowsPerSecond,
        correct ? "  " : " ✗");
  }

  /** The median of the values present; null when none is. */
  static Double median(Stream<Double> values) {
    double[] sorted =
        values.filter(Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return null;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
