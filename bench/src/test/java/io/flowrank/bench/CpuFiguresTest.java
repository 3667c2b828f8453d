package io.flowrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowrank.core.api.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU figures of a replay: /proc/stat, the arithmetic per row, absent figures, JVM options. */
class CpuFiguresTest {

  private static final List<String> PROC_STAT =
      List.of(
          "cpu  247367 10 37604 237369 3059 5 2239 57 100 3",
          "cpu0 116597 5 18058 126834 1187 2 1021 27 50 1",
          "cpu1 130769 5 19545 110535 1871 3 1217 29 50 2",
          "intr 4070486 0 0 0",
          "ctxt 123456",
          "btime 1700000000",
          "processes 4242",
          "procs_running 2");

  @Test
  void procStatGivesBusyAndTotalTicksWithoutGuestTime() {
    MachineCpu cpu = MachineCpu.parse(PROC_STAT);

    long total = 247367 + 10 + 37604 + 237369 + 3059 + 5 + 2239 + 57;
    assertThat(cpu.totalTicks()).isEqualTo(total);
    assertThat(cpu.busyTicks()).isEqualTo(total - 237369 - 3059);
    assertThat(cpu.cpus()).isEqualTo(2);
  }

  @Test
  void anOldKernelsShorterCpuLineIsRead() {
    MachineCpu cpu = MachineCpu.parse(List.of("cpu 100 0 50 800", "cpu0 100 0 50 800"));

    assertThat(cpu).isEqualTo(new MachineCpu(150, 950, 1));
  }

  @Test
  void procStatWithoutACpuLineIsRefused() {
    assertThatThrownBy(() -> MachineCpu.parse(List.of("intr 1 2 3")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MachineCpu.parse(List.of("cpu 1 2 3")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void busySecondsAreTheBusyShareOfTheCpuSecondsThatPassed() {
    // Two CPUs for 2 s at 100 ticks/s: 400 ticks passed, 300 of them busy.
    MachineCpu before = new MachineCpu(1_000, 5_000, 2);
    MachineCpu after = new MachineCpu(1_300, 5_400, 2);

    assertThat(after.busySecondsSince(before, 2.0)).isCloseTo(3.0, within(1e-9));
    // The tick rate does not matter: the same share at 1,000 ticks/s gives the same seconds.
    assertThat(new MachineCpu(13_000, 54_000, 2).busySecondsSince(
            new MachineCpu(10_000, 50_000, 2), 2.0))
        .isCloseTo(3.0, within(1e-9));
    assertThat(before.busySecondsSince(before, 0.001)).isZero();
  }

  @Test
  void theMachineCountersAreReadHereOnLinux() {
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertThat(MachineCpu.now()).hasValueSatisfying(cpu -> assertThat(cpu.cpus()).isPositive());
    }
  }

  @Test
  void cpuPerMillionRowsAndPerRow() {
    ReplayCost cost =
        new ReplayCost(
            1000,
            2_000_000,
            2_000,
            4.0,
            OptionalDouble.of(1.0),
            OptionalDouble.of(2.0),
            OptionalDouble.of(3.0),
            OptionalDouble.of(7.0));

    assertThat(cost.rowsPerSecond()).isEqualTo(500_000);
    assertThat(cost.recordsPerSecond()).isEqualTo(500);
    assertThat(cost.perMillionRows(cost.streamCpu())).hasValue(1.5);
    assertThat(cost.perMillionRows(cost.machineCpu())).hasValue(3.5);
    // (1 + 2 + 3) s over 2,000,000 rows
    assertThat(cost.microsPerRow()).hasValue(3.0);
  }

  @Test
  void anUnmeasuredCpuFigureStaysAbsent() {
    ReplayCost cost =
        new ReplayCost(
            1,
            10,
            10,
            1.0,
            OptionalDouble.of(1.0),
            OptionalDouble.empty(),
            OptionalDouble.of(3.0),
            OptionalDouble.empty());

    assertThat(cost.perMillionRows(cost.brokerCpu())).isEmpty();
    assertThat(cost.perMillionRows(cost.machineCpu())).isEmpty();
    assertThat(cost.microsPerRow()).isEmpty();
    ReplayCost noRows =
        new ReplayCost(
            1, 0, 0, 1.0, cost.producerCpu(), cost.producerCpu(), cost.producerCpu(),
            cost.producerCpu());
    assertThat(noRows.perMillionRows(noRows.producerCpu())).isEmpty();
    assertThat(noRows.microsPerRow()).isEmpty();
  }

  @Test
  void anAbsentFigureIsPrintedAbsentAndWrittenWithoutAValue(@TempDir Path dir) throws Exception {
    BenchReport report =
        new BenchReport.Builder()
            .add("b pipeline", "CPU broker", OptionalDouble.empty(), "s")
            .add("b pipeline", "CPU streams app", OptionalDouble.of(12.5), "s")
            .memory("b pipeline", List.of(new ProcessMemory("broker", 1 << 20, GcLog.NONE)))
            .build();

    assertThat(report.table().lines())
        .anySatisfy(line -> assertThat(line).contains("CPU broker", BenchReport.ABSENT))
        .anySatisfy(line -> assertThat(line).contains("CPU streams app", "12.50 s"));
    Path json = dir.resolve("bench.json");
    report.writeJson(json);
    BenchReport read = Wire.read(Files.readAllBytes(json), BenchReport.class);
    assertThat(read).isEqualTo(report);
    assertThat(read.figures())
        .extracting(BenchReport.Figure::value)
        .containsExactly(null, 12.5);
  }

  @Test
  void everyChildRunsWithTheOptionsOfItsCommandAndTheStreamsAppWithItsHeapCapLast() {
    Launcher launcher =
        new Launcher(
            "io.flowrank.Main",
            command -> command.equals("stream") ? List.of("-XX:+UseG1GC", "-Xss1m") : List.of());
    Children children =
        new Children(launcher, new ClassDataSharing(Path.of("cds")), "384m", "off");

    assertThat(children.jvmOptions("stream")).containsExactly("-XX:+UseG1GC", "-Xss1m", "-Xmx384m");
    assertThat(children.jvmOptions("produce")).isEmpty();
    assertThat(children.streamArguments()).containsExactly("--window", "off");
  }
}
