package io.flowrank.cli.bench;

import io.flowrank.cli.FlowrankCommand;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One flowrank command run as a child JVM by the benchmark: same java binary and classpath as the
 * benchmark, its own JVM options, a GC log, output to a file. While it runs, its peak resident set
 * (VmHWM) is polled, so the figure survives the process.
 */
final class ChildJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path output;
  private final Path gcLog;
  private final ScheduledExecutorService poller;
  private volatile long peakRssBytes;

  private ChildJvm(String name, Process process, Path output, Path gcLog) {
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
    poller.scheduleAtFixedRate(this::pollRss, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Starts {@code flowrank <arguments>} with the given JVM options; output goes to {@code dir}. */
  static ChildJvm start(String name, Path dir, List<String> jvmOptions, List<String> arguments)
      throws IOException {
    Path output = dir.resolve(name + ".log");
    Path gcLog = dir.resolve(name + "-gc.log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FlowrankCommand.class.getName());
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new ChildJvm(name, process, output, gcLog);
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
  java.util.OptionalInt await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(process.exitValue());
  }

  /** The process's figures: peak RSS (polled) and peak heap (from its GC log). */
  ProcessMemory memory() {
    pollRss();
    return new ProcessMemory(name, peakRssBytes, GcLog.read(gcLog));
  }

  private void pollRss() {
    long rss = Rss.peakBytes(process.pid());
    if (rss > peakRssBytes) {
      peakRssBytes = rss;
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s); safe to call twice. */
  @Override
  public void close() {
    if (process.isAlive()) {
      pollRss();
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
