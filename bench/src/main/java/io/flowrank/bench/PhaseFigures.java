package io.flowrank.bench;

import io.flowrank.core.api.ApiException;
import io.flowrank.core.evidence.Evidence;
import java.io.File;
import java.nio.file.Files;
import java.util.stream.Stream;
import io.flowrank.core.command.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What every phase of the benchmark reports the same way, into one {@link BenchReport}: a replay
 * to caught up and its cost, the verifier's verdict, the memory of the phase's processes. Remembers
 * whether every verification said identical (the bench's exit code).
 */
final class PhaseFigures {

  static final String MEMORY = "e memory";

  private static final double MIB = 1 << 20;

  private final BenchReport.Builder report = new BenchReport.Builder();
  private boolean identical = true;

  /** The report the phases add their other figures to. */
  BenchReport.Builder report() {
    return report;
  }

  /** True while every verification said identical. */
  boolean identical() {
    return identical;
  }

  /**
   * Replays every source of {@code data} (named {@code names}: files, or the one file) into a
   * fresh pipeline: rows, time, throughput (with a floor when {@code minRowsPerSecond} is given)
   * and cost.
   */
  ReplayCost replayAll(
      String phase,
      Pipeline pipeline,
      Path data,
      List<String> names,
      int linesPerRecord,
      String throughput,
      OptionalDouble minRowsPerSecond)
      throws IOException, InterruptedException {
    ReplayCost cost =
        pipeline.replay(data, names, names.size(), linesPerRecord, Duration.ofHours(2));
    report
        .add(phase, "rows", cost.rows(), "")
        .add(phase, "replay to caught up", cost.seconds(), "s");
    if (minRowsPerSecond.isPresent()) {
      report.atLeast(
          phase, throughput, cost.rowsPerSecond(), "rows/s", minRowsPerSecond.getAsDouble());
    } else {
      report.add(phase, throughput, cost.rowsPerSecond(), "rows/s");
    }
    cost(phase, cost);
    return cost;
  }

  /**
   * The framing and the CPU a replay cost. CPU figures are absent where there is no {@code /proc}.
   * The producer's CPU is polled every {@link Pipeline#PRODUCER_POLL}: the last moments before it
   * exits are not counted. The machine's CPU counts every process, this benchmark's own (progress
   * polls, freshness probe, /api/top clients) included.
   */
  void cost(String phase, ReplayCost cost) {
    report
        .add(phase, "framing, lines per record", cost.linesPerRecord(), "")
        .add(phase, "records written to flows", cost.records(), "")
        .add(phase, "records per second in flows", cost.recordsPerSecond(), "records/s")
        .add(phase, "CPU producer", cost.producerCpu(), "s")
        .add(phase, "CPU broker", cost.brokerCpu(), "s")
        .add(phase, "CPU streams app", cost.streamCpu(), "s")
        .add(phase, "CPU machine (busy, all cores)", cost.machineCpu(), "s")
        .add(phase, "CPU producer per million rows", cost.perMillionRows(cost.producerCpu()), "s")
        .add(phase, "CPU broker per million rows", cost.perMillionRows(cost.brokerCpu()), "s")
        .add(phase, "CPU streams app per million rows", cost.perMillionRows(cost.streamCpu()), "s")
        .add(phase, "CPU machine per million rows", cost.perMillionRows(cost.machineCpu()), "s")
        .add(phase, "CPU per row, producer + broker + streams app", cost.microsPerRow(), "µs");
  }

  /**
   * Stops {@code probe} and reports its freshness figures: per file, from its send to its probe
   * visible (the target of issues 9 and 20: p99 at most 250 ms); where the probe timed windows,
   * the same in the probe's window of data time, and its p50 and p99 over all time's (issue 21:
   * the latest window as fresh as all time).
   */
  void freshness(FreshnessProbe probe, String phase) throws InterruptedException {
    probe.finish();
    Percentiles freshness = Percentiles.of(probe.freshnessMillis());
    report
        .add(phase, "samples (one per file)", freshness.count(), "")
        .add(phase, "p50", freshness.p50(), "ms")
        .atMost(phase, "p99", freshness.p99(), "ms", 250)
        .add(phase, "max", freshness.max(), "ms")
        .add(phase, "mean time between two files' commits", probe.meanFileMillis(), "ms");
    double[] inWindow = probe.windowFreshnessMillis();
    if (inWindow.length > 0) {
      Percentiles window = Percentiles.of(inWindow);
      report
          .add(phase, "in its window: samples", window.count(), "")
          .add(phase, "in its window: p50", window.p50(), "ms")
          .add(phase, "in its window: p99", window.p99(), "ms")
          .add(
              phase, "in its window: p50 / all time p50", ratio(window.p50(), freshness.p50()), "×")
          .add(
              phase, "in its window: p99 / all time p99", ratio(window.p99(), freshness.p99()), "×");
    }
  }

  /** {@code value / base}, absent when the base is 0. */
  static OptionalDouble ratio(double value, double base) {
    return base > 0 ? OptionalDouble.of(value / base) : OptionalDouble.empty();
  }

  /**
   * Timed rounds of one kind ({@code name}: "fail-over"): each round, then the fewest, the median
   * (nearest rank) and the most seconds.
   */
  void rounds(String phase, String name, double[] seconds) {
    for (int i = 0; i < seconds.length; i++) {
      report.add(phase, name + ", round " + (i + 1), seconds[i], "s");
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    report
        .add(phase, name + ", min", sorted[0], "s")
        .add(phase, name + ", median", Percentiles.of(sorted).p50(), "s")
        .add(phase, name + ", max", sorted[sorted.length - 1], "s");
  }

  /**
   * Answers that differ from what the streams app answered before (a wrong answer, not a slow one):
   * any makes the bench's exit code say different, as a verifier would.
   */
  void wrongAnswers(String phase, String name, long answers) {
    if (answers > 0) {
      identical = false;
    }
    report.add(phase, name, answers, "");
  }

  /** Runs the verifier over {@code data} against the phase's streams app: its exit code. */
  void verify(Pipeline pipeline, Path data, String phase)
      throws IOException, InterruptedException {
    int code = pipeline.verify(data);
    if (code != ExitCode.OK) {
      identical = false;
    }
    report.add(phase, "verifier exit code (0 = identical)", code, "");
    log("%s: verifier exit code %d%s", phase, code, code == 0 ? " (IDENTICAL)" : "");
  }

  /**
   * The distinct (device, client) pairs the streams app keeps (the sum of every device's clients),
   * and what their store takes on disk: the size of every task's {@code webserver-clients} RocksDB
   * folder, per million pairs, to project the state of a real data set. The folder is measured
   * after the streams app stopped: under exactly-once RocksDB flushes its memtables only when a
   * task closes, so a running app's folder holds little of its state.
   */
  void clientPairs(String phase, Pipeline pipeline) throws ApiException, InterruptedException {
    long pairs = 0;
    long devices = 0;
    for (Evidence evidence : pipeline.streamEndpoint().counts(Duration.ofMinutes(5)).values()) {
      pairs += evidence.clients();
      devices++;
    }
    pipeline.stopStream();
    long bytes = folderBytes(pipeline.stateDir(), "webserver-clients");
    long allState = folderBytes(pipeline.stateDir(), null);
    report
        .add(phase, "devices in the store", devices, "")
        .add(phase, "distinct (device, client) pairs", pairs, "")
        .add(phase, "webserver-clients on disk", bytes / MIB, "MiB")
        .add(phase, "streams state on disk, every store", allState / MIB, "MiB");
    if (pairs > 0) {
      report.add(phase, "webserver-clients on disk per million pairs", bytes / MIB / (pairs / 1e6), "MiB");
    }
  }

  /** The bytes of the files under {@code root} inside a folder named {@code folder} (null: all). */
  private static long folderBytes(Path root, String folder) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> folder == null || f.toString().contains(File.separator + folder + File.separator))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException gone) {
                  return 0; // a file RocksDB compacted away meanwhile
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      log("cannot measure %s: %s", root, e.getMessage());
      return 0;
    }
  }

  /**
   * The memory of every process of the phase, and (e) the streams app's peak heap used: absent
   * when its GC log shows no collection.
   */
  void memory(String phase, Pipeline pipeline) {
    report.memory(phase, pipeline.memory());
    GcLog heap = pipeline.streamMemory().heap();
    String name = "streams app peak heap used, " + phase;
    if (heap.collections() == 0) {
      report.add(MEMORY, name, OptionalDouble.empty(), "MiB");
    } else {
      report.atMost(MEMORY, name, heap.peakUsedBytes() / MIB, "MiB", 512);
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }
}
