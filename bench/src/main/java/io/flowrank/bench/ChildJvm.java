package io.flowrank.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One flowrank command run as a child JVM by the benchmark: the benchmark's java binary and
 * classpath, the launcher's main class and the command's JVM options ({@link Children}), a GC log,
 * output to a file. While it runs, its peak resident set (VmHWM) and its CPU time (the JDK's {@link
 * ProcessHandle.Info#totalCpuDuration()}: no clock tick rate assumed here) are polled, so the
 * figures survive the process.
 */
final class ChildJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path output;
  private final Path gcLog;
  private final ScheduledExecutorService poller;
  private volatile long peakRssBytes;
  private volatile Duration lastCpu;

  private ChildJvm(String name, Process process, Path output, Path gcLog, Duration pollEvery) {
    this.name = name;
    this.process = process;
    this.output = output;
    this.gcLog = gcLog;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bench-rss-" + name);
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleAtFixedRate(this::poll, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts {@code flowrank <arguments>} (the command first) with that command's JVM options;
   * output goes to {@code dir}. Its memory and CPU are polled {@code pollEvery}.
   */
  static ChildJvm start(
      String name, Path dir, List<String> arguments, Duration pollEvery, Children children)
      throws IOException {
    Path output = dir.resolve(name + ".log");
    Path gcLog = dir.resolve(name + "-gc.log");
    String flowrankCommand = arguments.get(0);
    ClassDataSharing.Use sharing = children.classData().forCommand(flowrankCommand);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(children.jvmOptions(flowrankCommand));
    command.addAll(sharing.jvmOptions());
    // Decorated with the epoch too, to line up a pause with what the bench saw then.
    command.add("-Xlog:gc,gc+heap+exit:file=" + gcLog + ":uptime,timemillis,level,tags");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(children.launcher().mainClass());
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    process.onExit().thenRun(() -> ClassDataSharing.exited(sharing));
    return new ChildJvm(name, process, output, gcLog, pollEvery);
  }

  String name() {
    return name;
  }

  Path output() {
    return output;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end; its exit code, or empty on timeout. */
  OptionalInt await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(process.exitValue());
  }

  /**
   * Waits until the process's output holds a line containing {@code text}; fails, with its output,
   * when it exits or the time is up first.
   */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (var lines = Files.lines(output)) {
        if (lines.anyMatch(line -> line.contains(text))) {
          return;
        }
      } catch (IOException | java.io.UncheckedIOException notYet) {
        // not written yet, or a line cut mid-character: look again
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " never said '" + text + "':\n" + tail());
      }
      Thread.sleep(20);
    }
  }

  /**
   * Asks the process to stop (SIGTERM: its shutdown hooks run) and waits for it; its exit code.
   * Fails, killing it, when it is still running after {@code timeout}.
   */
  int terminate(Duration timeout) throws InterruptedException {
    poll();
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new IllegalStateException(name + " still ran " + timeout.toSeconds() + " s after SIGTERM");
    }
    poller.shutdownNow();
    return process.exitValue();
  }

  /** Waits for the process to end with exit code 0; fails, with its output, otherwise. */
  void awaitSuccess(Duration timeout) throws InterruptedException {
    OptionalInt code = await(timeout);
    if (code.isEmpty()) {
      throw new IllegalStateException(
          name + " did not exit within " + timeout.toSeconds() + " s:\n" + tail());
    }
    if (code.getAsInt() != 0) {
      throw new IllegalStateException(
          name + " failed (exit " + code.getAsInt() + "):\n" + tail());
    }
  }

  /**
   * CPU time (user + system) of the process so far: read now while it runs; once it has exited, the
   * last value polled, up to one poll period short. Empty where the JDK cannot tell (no {@code
   * /proc}).
   */
  Optional<Duration> cpu() {
    poll();
    return Optional.ofNullable(lastCpu);
  }

  /** The process's figures: peak RSS (polled) and peak heap (from its GC log). */
  ProcessMemory memory() {
    poll();
    return new ProcessMemory(name, peakRssBytes, GcLog.read(gcLog));
  }

  // Only while the process runs (or has exited but is not reaped yet): its pid may be reused after.
  private synchronized void poll() {
    if (!process.isAlive()) {
      return;
    }
    long rss = Rss.peakBytes(process.pid());
    if (rss > peakRssBytes) {
      peakRssBytes = rss;
    }
    process.toHandle().info().totalCpuDuration().ifPresent(cpu -> lastCpu = cpu);
  }

  /**
   * Kills the process at once, as {@code kill -9} does: {@link Process#destroyForcibly} sends
   * SIGKILL on Linux, so no shutdown hook runs and nothing is closed cleanly. Waits until it is
   * gone (its port and locks are then free); its exit code, 137 (128 + SIGKILL) on Linux.
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
    }
    poller.shutdownNow();
    return process.exitValue();
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s); safe to call twice. */
  @Override
  public void close() {
    if (process.isAlive()) {
      poll();
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    poller.shutdownNow();
  }

  /** The last lines of the process's output, for an error message. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(output);
      return String.join(
          System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Peak RSS of the benchmark's own JVM. */
  static long selfPeakRssBytes() {
    return Rss.peakBytes(ManagementFactory.getRuntimeMXBean().getPid());
  }
}
