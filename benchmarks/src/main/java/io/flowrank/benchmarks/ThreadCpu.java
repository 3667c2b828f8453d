package io.flowrank.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of the benchmark thread over one iteration, printed per unit of work: on a shared
 * machine it moves far less than the wall time JMH scores. JMH runs a single-threaded benchmark's
 * iteration fixtures on its benchmark thread, so {@link #start} and {@link #print} go there.
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long atStart;

  void start() {
    atStart = THREADS.getCurrentThreadCpuTime();
  }

  /** Prints {@code thread CPU <ns> ns per <unit>} for {@code units} units since {@link #start}. */
  void print(long units, String unit) {
    long cpu = THREADS.getCurrentThreadCpuTime() - atStart;
    System.out.printf("thread CPU %.1f ns per %s%n", cpu / (double) units, unit);
  }
}
