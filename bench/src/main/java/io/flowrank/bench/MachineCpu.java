package io.flowrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole machine's CPU counters at one moment, from the {@code cpu} line of {@code /proc/stat}
 * (Linux): clock ticks summed over every CPU since boot. Two readings give the CPU seconds the
 * machine was busy in between (every process, the benchmark's own included).
 *
 * @param busyTicks every field but idle and iowait
 * @param totalTicks user, nice, system, idle, iowait, irq, softirq and steal (guest and guest_nice
 *     are left out: the kernel counts them in user and nice already)
 * @param cpus the CPUs the counters cover (the {@code cpuN} lines)
 */
record MachineCpu(long busyTicks, long totalTicks, int cpus) {

  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final int IDLE = 3;
  private static final int IOWAIT = 4;
  // user nice system idle iowait irq softirq steal: the fields that add up to the time that passed.
  private static final int COUNTED_FIELDS = 8;

  /** The counters now; empty where {@code /proc/stat} is missing or unreadable (not Linux). */
  static Optional<MachineCpu> now() {
    try {
      return Optional.of(parse(Files.readAllLines(PROC_STAT)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the lines of {@code /proc/stat}.
   *
   * @throws IllegalArgumentException when there is no {@code cpu} line with at least idle
   */
  static MachineCpu parse(List<String> lines) {
    String[] fields = null;
    int cpus = 0;
    for (String line : lines) {
      if (line.startsWith("cpu ")) {
        fields = line.trim().split("\\s+");
      } else if (line.matches("cpu\\d+\\s.*")) {
        cpus++;
      }
    }
    if (fields == null || fields.length <= IDLE + 1) {
      throw new IllegalArgumentException("no cpu line with an idle field in /proc/stat");
    }
    long total = 0;
    long idle = 0;
    // fields[0] is "cpu"; older kernels have fewer fields, the missing ones count as 0.
    for (int i = 0; i < COUNTED_FIELDS && i + 1 < fields.length; i++) {
      long ticks = Long.parseLong(fields[i + 1]);
      total += ticks;
      if (i == IDLE || i == IOWAIT) {
        idle += ticks;
      }
    }
    return new MachineCpu(total - idle, total, Math.max(1, cpus));
  }

  /**
   * The CPU seconds the machine was busy since {@code earlier}, which was read {@code wallSeconds}
   * before this. The busy share of the ticks that passed, times the CPU seconds that passed (wall
   * time × CPUs): no clock tick rate (USER_HZ) is assumed.
   */
  double busySecondsSince(MachineCpu earlier, double wallSeconds) {
    long total = totalTicks - earlier.totalTicks;
    if (total <= 0) {
      return 0;
    }
    double busyShare = (double) (busyTicks - earlier.busyTicks) / total;
    return busyShare * wallSeconds * cpus;
  }
}
