package io.flowrank.bench;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.flowrank.core.api.Wire;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Every figure of one benchmark run: printed as a table, written as JSON ({@code --json}), which
 * {@link Wire#read} reads back into this record.
 *
 * @param setup how the streams apps of the run were started, or null where not told
 * @param figures the figures, in the order of the table
 * @param memory peak memory of each process, per phase
 */
public record BenchReport(
    Machine machine,
    @JsonSetter(nulls = Nulls.SET) Setup setup,
    List<Figure> figures,
    List<PhaseMemory> memory) {

  /** What the table shows for a figure that could not be measured. */
  static final String ABSENT = "absent";

  /** Where the figures were taken. */
  public record Machine(int cores, long memoryBytes, String jvm, String os) {

    static Machine current() {
      long memory = 0;
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        memory = os.getTotalMemorySize();
      }
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          memory,
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
  }

  /**
   * The settings of the run that change what the figures mean: two runs compare only when they
   * differ in the one setting compared (issue 21: (b) with windows against {@code off}).
   *
   * @param streamWindow every streams app's {@code --window}: a size such as {@code 1h}, or {@code
   *     off}
   * @param streamHeap every streams app's {@code -Xmx}
   */
  public record Setup(String streamWindow, String streamHeap) {}

  /**
   * One figure.
   *
   * @param value the figure, or null where it could not be measured (such as CPU without {@code
   *     /proc}): absent, never 0
   * @param target the target, human-readable, or null
   * @param met whether the target is met, or null without a target
   */
  public record Figure(
      String phase,
      String name,
      @JsonSetter(nulls = Nulls.SET) Double value,
      String unit,
      @JsonSetter(nulls = Nulls.SET) String target,
      @JsonSetter(nulls = Nulls.SET) Boolean met) {}

  /** The memory of the processes of one phase. */
  public record PhaseMemory(String phase, List<ProcessMemory> processes) {}

  static final class Builder {
    private final List<Figure> figures = new ArrayList<>();
    private final List<PhaseMemory> memory = new ArrayList<>();
    private Setup setup;

    /** The run's settings (the options are parsed after the builder is made). */
    Builder setup(Setup value) {
      setup = value;
      return this;
    }

    Builder add(String phase, String name, double value, String unit) {
      figures.add(new Figure(phase, name, value, unit, null, null));
      return this;
    }

    /** A figure that may be absent (not measured here). */
    Builder add(String phase, String name, OptionalDouble value, String unit) {
      Double known = value.isPresent() ? value.getAsDouble() : null;
      figures.add(new Figure(phase, name, known, unit, null, null));
      return this;
    }

    /** A figure with a target: at least {@code min}. */
    Builder atLeast(String phase, String name, double value, String unit, double min) {
      figures.add(
          new Figure(phase, name, value, unit, "≥ " + format(min, unit), value >= min));
      return this;
    }

    /** A figure with a target: at most {@code max}. */
    Builder atMost(String phase, String name, double value, String unit, double max) {
      figures.add(
          new Figure(phase, name, value, unit, "≤ " + format(max, unit), value <= max));
      return this;
    }

    Builder memory(String phase, List<ProcessMemory> processes) {
      memory.add(new PhaseMemory(phase, List.copyOf(processes)));
      return this;
    }

    BenchReport build() {
      return new BenchReport(
          Machine.current(), setup, List.copyOf(figures), List.copyOf(memory));
    }
  }

  /** Writes the report to {@code file} as indented JSON ({@code --json}). */
  void writeJson(Path file) throws IOException {
    Wire.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  /** The report as an aligned text table. */
  String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"phase", "figure", "value", "target", "met"});
    for (Figure f : figures) {
      rows.add(
          new String[] {
            f.phase(),
            f.name(),
            f.value() == null ? ABSENT : format(f.value(), f.unit()),
            f.target() == null ? "" : f.target(),
            f.met() == null ? "" : f.met() ? "yes" : "NO"
          });
    }
    for (PhaseMemory phase : memory) {
      for (ProcessMemory p : phase.processes()) {
        rows.add(
            new String[] {
              phase.phase(),
              p.process() + " peak RSS / heap used / heap after GC",
              mib(p.peakRssBytes())
                  + " / "
                  + mib(p.heap().peakUsedBytes())
                  + " / "
                  + mib(p.heap().peakAfterGcBytes()),
              "",
              ""
            });
      }
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores, %s, %s, %s%n",
            machine.cores(),
            mib(machine.memoryBytes()),
            machine.jvm(),
            machine.os()));
    if (setup != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "streams app: --window %s, -Xmx%s%n",
              setup.streamWindow(),
              setup.streamHeap()));
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == 2 ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false));
        out.append(i < row.length - 1 ? "  " : "");
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }

  static String format(double value, String unit) {
    String number =
        Math.abs(value) >= 100 || value == Math.rint(value)
            ? String.format(Locale.ROOT, "%,.0f", value)
            : String.format(Locale.ROOT, "%,.2f", value);
    return unit.isEmpty() ? number : number + " " + unit;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(Math.max(0, width - text.length()));
    return right ? spaces + text : text + spaces;
  }
}
