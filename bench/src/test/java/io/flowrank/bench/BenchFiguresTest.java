package io.flowrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the benchmark: GC log figures, percentiles, probes, the table. */
class BenchFiguresTest {

  @Test
  void gcLogGivesPeakUsedAfterAndCommitted() {
    GcLog log =
        GcLog.parse(
            List.of(
                "[0.012s][info][gc] Using G1",
                "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 3.456ms",
                "[2.345s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 130M->41M(300M) 8.1ms",
                "[3.000s][info][gc] GC(2) Pause Full (System.gc()) 90M->60M(280M) 20.0ms",
                "[4.000s][info][gc] GC(3) Pause Young (Concurrent Start) 512K->1G(2G) 1.0ms"));

    assertThat(log.collections()).isEqualTo(4);
    assertThat(log.peakUsedBytes()).isEqualTo(130L << 20);
    assertThat(log.peakAfterGcBytes()).isEqualTo(1L << 30);
    assertThat(log.peakCommittedBytes()).isEqualTo(2L << 30);
  }

  @Test
  void theHeapAtExitCountsForAProcessThatNeverCollected() {
    GcLog log =
        GcLog.parse(
            java.util.List.of(
                "[0.003s][info][gc] Using Serial",
                "[0.031s][info][gc,heap,exit] Heap",
                "[0.031s][info][gc,heap,exit]  def new generation   total 116160K, used 6198K [0x0]",
                "[0.031s][info][gc,heap,exit]   eden space 103296K,   6% used [0x0]",
                "[0.031s][info][gc,heap,exit]  tenured generation   total 258048K, used 1024K [0x0]",
                "[0.031s][info][gc,heap,exit]  Metaspace       used 109K, committed 192K, reserved 1114112K"));

    assertThat(log.collections()).isZero();
    assertThat(log.peakUsedBytes()).isEqualTo((6198L + 1024L) << 10);
    assertThat(log.peakCommittedBytes()).isEqualTo((116160L + 258048L) << 10);
  }

  @Test
  void aMissingGcLogHasNoFigures() {
    assertThat(GcLog.read(java.nio.file.Path.of("no", "such", "gc.log"))).isEqualTo(GcLog.NONE);
  }

  @Test
  void percentilesUseTheNearestRank() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i; // 100 .. 1, unsorted on purpose
    }
    Percentiles p = Percentiles.of(values);
    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isEqualTo(50);
    assertThat(p.p99()).isEqualTo(99);
    assertThat(p.max()).isEqualTo(100);
    assertThat(Percentiles.of(new double[] {7})).isEqualTo(new Percentiles(1, 7, 7, 7));
    assertThat(Percentiles.of(new double[0])).isEqualTo(Percentiles.EMPTY);
  }

  @Test
  void probeDevicesAreNamedAfterTheirFile() {
    assertThat(BenchData.probeDevice("time_07.json")).isEqualTo("flowrank-probe-time_07");
    assertThat(BenchData.webFlowLine("d1")).contains("\"dstdevice\": \"d1\"", "\"dstport\": \"443\"");
  }

  @Test
  void probeLinesTakeTheDataTimeOfTheirFilesLastWebFlow(@TempDir Path dir) throws IOException {
    java.util.regex.Pattern webFlow =
        java.util.regex.Pattern.compile(
            "^\\{\"time\": \"(\\d+)\", .*\"dstdevice\": \"[^\"]+\", .*\"dstport\": \"(80|443)\", .*\\}$");
    Path flows = BenchData.flows(dir, 2_000, 2, 7);
    for (Path file : InputFiles.at(flows, Integer.MAX_VALUE).files()) {
      List<String> lines = Files.readAllLines(file);
      String probe = lines.get(lines.size() - 1);
      long lastWebFlowTime = -1;
      for (int i = lines.size() - 2; i >= 0 && lastWebFlowTime < 0; i--) {
        java.util.regex.Matcher line = webFlow.matcher(lines.get(i));
        if (line.find()) {
          lastWebFlowTime = Long.parseLong(line.group(1));
        }
      }

      assertThat(lastWebFlowTime).isGreaterThanOrEqualTo(172_800);
      assertThat(probe)
          .isEqualTo(
              BenchData.webFlowLine(
                  BenchData.probeDevice(InputFiles.batchName(file)), lastWebFlowTime));
      assertThat(BenchData.lastWebFlowTime(file)).hasValue(lastWebFlowTime);
    }
  }

  @Test
  void aFileWithoutATimedWebFlowHasNoProbeTime(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.json");
    Files.writeString(
        file,
        "not json\n{\"time\": \"12a\", \"dstdevice\": \"d\", \"dstport\": \"443\"}\n"
            + "{\"time\": \"172800\", \"dstdevice\": \"d\", \"dstport\": \"53\"}\n");

    assertThat(BenchData.lastWebFlowTime(file)).isEmpty();
  }

  @Test
  void targetsAreJudgedAndPrinted() {
    BenchReport report =
        new BenchReport.Builder()
            .atLeast("b pipeline", "throughput", 500_000, "rows/s", 450_000)
            .atMost("d top-20", "p99", 7.5, "ms", 5)
            .add("a batch", "rows", 10, "")
            .build();

    assertThat(report.figures()).extracting(BenchReport.Figure::met).containsExactly(true, false, null);
    assertThat(report.table())
        .contains("500,000 rows/s", "≥ 450,000 rows/s", "yes", "7.50 ms", "≤ 5 ms", "NO");
  }
}
