package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowrank.bench.BenchReport;
import io.flowrank.bench.ProcessMemory;
import io.flowrank.core.api.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowrank bench} end to end on a small data set: it runs every phase with real processes
 * (broker, streams app, producer, verifier), every verification says identical, and the JSON holds
 * every figure. No figure is compared with a target here: speed is the benchmark's business.
 */
class BenchCommandTest {

  /** What every replay reports (sample on the running pipeline, b, b', d, f). */
  private static final List<String> REPLAY_FIGURES =
      List.of(
          "framing, lines per record",
          "records written to flows",
          "records per second in flows",
          "CPU producer",
          "CPU broker",
          "CPU streams app",
          "CPU machine (busy, all cores)",
          "CPU producer per million rows",
          "CPU broker per million rows",
          "CPU streams app per million rows",
          "CPU machine per million rows",
          "CPU per row, producer + broker + streams app");

  private static final String SAMPLE = "sample, running pipeline";
  private static final String PIPELINE = "b pipeline";
  private static final String PER_LINE = "b' pipeline, one line per record";
  private static final String TOP = "d top-20";
  private static final String RAW_GZ = "f raw day file, csv.gz";
  private static final String RAW_BZ2 = "f raw day file, csv.bz2";
  private static final String SUSTAINABLE = "h sustainable throughput";
  private static final String AT_80 = "h' freshness at 80 % of the sustainable throughput";

  @TempDir Path dir;

  @Test
  void runsEveryPhaseAndWritesEveryFigure() throws Exception {
    Path json = dir.resolve("bench.json");
    int exit;
    try (FlowrankProcess bench =
        FlowrankProcess.bench(
            "bench",
            dir.resolve("bench.log"),
            List.of(
                "--rows", "40000",
                "--files", "4",
                "--devices", "3000",
                "--top-clients", "2",
                "--top-seconds", "3",
                "--sustainable-seconds", "2",
                "--sustainable-file-rows", "1000",
                "--work-dir", dir.resolve("work").toString(),
                "--json", json.toString()))) {
      exit = bench.awaitExit(Duration.ofMinutes(15));
      assertThat(exit).as("bench exit code; output:%n%s", bench.tail(40)).isZero();
    }

    BenchReport report = Wire.read(Files.readAllBytes(json), BenchReport.class);
    assertThat(report.setup()).isEqualTo(new BenchReport.Setup("1h", "512m"));
    Map<String, Double> figures = new HashMap<>();
    for (BenchReport.Figure figure : report.figures()) {
      // null where not measured (CPU without /proc): kept as a key with no value
      figures.put(figure.phase() + " / " + figure.name(), figure.value());
    }
    assertThat(figures)
        .containsEntry("sample / verifier exit code (0 = identical)", 0.0)
        .containsEntry("sample, watched / verifier exit code (0 = identical)", 0.0)
        .containsEntry("b pipeline / verifier exit code (0 = identical)", 0.0)
        .containsEntry(PER_LINE + " / verifier exit code (0 = identical)", 0.0)
        .containsEntry("d top-20 / devices in the store", 3000.0)
        .containsEntry("d top-20 / errors", 0.0);
    // 40,000 generated lines and 4 probes, less the corrupt lines that are blank (not records).
    assertThat(figures.get("a batch / rows")).isBetween(39_900.0, 40_004.0);
    assertThat(figures.get("b pipeline / rows")).isEqualTo(figures.get("a batch / rows"));
    assertThat(figures.get(PER_LINE + " / rows")).isEqualTo(figures.get("a batch / rows"));
    assertThat(figures.get("d top-20 / rows replayed to caught up"))
        .isEqualTo(figures.get("a batch / rows"));
    assertThat(figures.get("a batch / throughput, one thread")).isPositive();
    assertThat(figures.get("b pipeline / throughput (aim 850,000 rows/s)")).isPositive();
    assertThat(figures.get(PER_LINE + " / throughput")).isPositive();
    assertThat(figures.get("sample / replay to caught up, running pipeline (500,000 rows)"))
        .isPositive();
    for (String jit : List.of("cold", "warm")) {
      assertThat(
              figures.get(
                  "sample / replay to caught up, running pipeline and producer (--watch), "
                      + jit
                      + " JIT (500,000 rows)"))
          .isPositive();
    }
    assertThat(figures.get(SAMPLE + " / rows")).isPositive();

    // (f): the same flows as one CSV file (no probe lines, no echoed header), gzip then bzip2.
    for (String phase : List.of(RAW_GZ, RAW_BZ2)) {
      assertThat(figures).containsEntry(phase + " / verifier exit code (0 = identical)", 0.0);
      assertThat(figures.get(phase + " / rows")).isBetween(39_900.0, 40_000.0);
      assertThat(figures.get(phase + " / lines read alone, one thread"))
          .isGreaterThanOrEqualTo(figures.get(phase + " / rows"));
      for (String name :
          List.of(
              "file size",
              "read alone, one thread (decompress, split lines)",
              "read alone, one thread: lines per second",
              "read alone, one thread: decompressed MB per second",
              "read alone, one thread / replay to caught up",
              "replay to caught up",
              "throughput")) {
        assertThat(figures.get(phase + " / " + name)).as(phase + " / " + name).isPositive();
      }
    }
    assertThat(figures.get(RAW_BZ2 + " / rows")).isEqualTo(figures.get(RAW_GZ + " / rows"));

    boolean linux = System.getProperty("os.name").startsWith("Linux");
    for (String phase : List.of(SAMPLE, PIPELINE, PER_LINE, TOP, RAW_GZ, RAW_BZ2)) {
      for (String name : REPLAY_FIGURES) {
        String key = phase + " / " + name;
        assertThat(figures).as("figures").containsKey(key);
        if (linux || !name.startsWith("CPU")) {
          assertThat(figures.get(key)).as(key).isNotNull().isPositive();
        }
      }
    }
    for (String phase : List.of("sample", PIPELINE, PER_LINE, TOP, RAW_GZ, RAW_BZ2)) {
      assertThat(figures.get("e memory / streams app peak heap used, " + phase))
          .as("streams app heap in %s", phase)
          .isPositive();
    }
    // The default framing packs up to 10,000 judged lines per record; b' sends one line per record.
    for (String phase : List.of(SAMPLE, PIPELINE, TOP, RAW_GZ, RAW_BZ2)) {
      assertThat(figures.get(phase + " / framing, lines per record")).isEqualTo(10_000.0);
      assertThat(figures.get(phase + " / records written to flows"))
          .isLessThan(figures.get(phase.equals(SAMPLE) ? SAMPLE + " / rows" : "a batch / rows"));
    }
    assertThat(figures.get(PER_LINE + " / framing, lines per record")).isEqualTo(1.0);
    assertThat(figures.get(PER_LINE + " / records written to flows"))
        .isEqualTo(figures.get(PER_LINE + " / rows"));
    assertThat(figures.get("c freshness / samples (one per file)")).isEqualTo(4.0);
    assertThat(figures.get("c freshness / p99")).isGreaterThanOrEqualTo(figures.get("c freshness / p50"));
    assertThat(figures.get("d top-20 / requests")).isPositive();
    assertThat(figures.get("d top-20 / p99")).isGreaterThanOrEqualTo(figures.get("d top-20 / p50"));
    // (g): every complete answer after a kill equals the reference; the killed instance served
    // partitions, so each fail-over took something over; the times are figures, not bounds.
    assertThat(figures).containsEntry("g recovery / 200 answers unlike the reference", 0.0);
    assertThat(figures.get("g recovery / partitions the killed instance was active for, fewest in a round"))
        .isGreaterThanOrEqualTo(1.0);
    for (String kind :
        List.of("fail-over, kill to the survivor's answer", "restart, relaunch to its answer")) {
      assertThat(figures.get("g recovery / " + kind + ", median")).as(kind).isPositive();
      assertThat(figures.get("g recovery / " + kind + ", max"))
          .as(kind)
          .isGreaterThanOrEqualTo(figures.get("g recovery / " + kind + ", min"));
    }

    // (h): a search of at least one paced rate; (h') only when one was sustained (not a bound: a
    // loaded machine may sustain none); the verifier over every file both replayed.
    assertThat(figures).containsEntry(SUSTAINABLE + " / verifier exit code (0 = identical)", 0.0);
    assertThat(figures.get(SUSTAINABLE + " / rates tried")).isGreaterThanOrEqualTo(1.0);
    assertThat(figures.get(SUSTAINABLE + " / step 1: paced rate")).isPositive();
    assertThat(figures).containsKey(SUSTAINABLE + " / sustainable throughput");
    // (h) ran first, so (d) replayed at 80 % of its sustainable throughput; unpaced without one.
    assertThat(figures).containsKey(TOP + " / ingest paced at (absent: unpaced)");
    if (figures.get(SUSTAINABLE + " / sustainable throughput") != null) {
      assertThat(figures.get(TOP + " / ingest paced at (absent: unpaced)"))
          .isCloseTo(
              0.8 * figures.get(SUSTAINABLE + " / sustainable throughput"), within(1.0));
      assertThat(figures.get(AT_80 + " / samples (one per file)")).isGreaterThanOrEqualTo(4.0);
      assertThat(figures.get(AT_80 + " / p99")).isGreaterThanOrEqualTo(figures.get(AT_80 + " / p50"));
    }

    for (BenchReport.PhaseMemory phase : report.memory()) {
      for (ProcessMemory process : phase.processes()) {
        assertThat(process.peakRssBytes())
            .as("peak RSS of %s in %s", process.process(), phase.phase())
            .isPositive();
        assertThat(process.heap().peakUsedBytes())
            .as("peak heap of %s in %s", process.process(), phase.phase())
            .isPositive();
      }
    }
    assertThat(report.memory())
        .flatExtracting(BenchReport.PhaseMemory::processes)
        .extracting(ProcessMemory::process)
        .contains("broker", "stream", "producer-0");
    assertThat(report.memory())
        .extracting(BenchReport.PhaseMemory::phase)
        .contains("sample", PIPELINE, PER_LINE, TOP, RAW_GZ, RAW_BZ2, SUSTAINABLE);
  }
}
