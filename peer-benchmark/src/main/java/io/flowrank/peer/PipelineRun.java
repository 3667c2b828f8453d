package io.flowrank.peer;

import io.flowrank.core.api.Progress;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * flowrank's whole pipeline, timed the way README "Performance" times it: with a broker and a
 * streams app already running and idle, the clock runs from the launch of {@code flowrank produce}
 * to the first answer of {@code /api/progress} that says {@code caughtUp} with every file
 * committed, asked every 100 ms by this one process. Then {@code flowrank verify} must say
 * identical, and the streams app's count of every device must be the truth.
 */
final class PipelineRun {

  /** How often progress is asked for. */
  static final Duration POLL = Duration.ofMillis(100);

  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final Duration PRODUCER_EXIT = Duration.ofMinutes(2);

  /**
   * The run's outcome before its counts are compared.
   *
   * @param seconds from the producer's launch to caught up
   * @param agreement the producer's and the verifier's exit codes, both 0 when it holds
   */
  record Timed(double seconds, Check.Agreement agreement) {}

  private final Path launcher;
  private final String bootstrapServers;
  private final ApiClient endpoint;
  private final Path log;

  /**
   * @param launcher the {@code flowrank} launcher script
   * @param log where the producer's and the verifier's output go (appended)
   */
  PipelineRun(Path launcher, String bootstrapServers, URI endpoint, Path log) {
    this.launcher = launcher;
    this.bootstrapServers = bootstrapServers;
    this.endpoint = new ApiClient(endpoint, Duration.ofSeconds(5));
    this.log = log;
  }

  /** Waits until the streams app runs and has counted nothing yet. */
  void awaitIdle(Duration timeout) throws ApiException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Progress progress = endpoint.progress(ANSWER);
        if (progress.records() > 0 || progress.filesCommitted() > 0) {
          throw new IllegalStateException(
              "the streams app at " + endpoint.endpoint() + " is not fresh: it has counted "
                  + progress.records() + " records");
        }
        if ("RUNNING".equals(progress.state())) {
          return;
        }
      } catch (ApiException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the streams app at " + endpoint.endpoint() + " is not RUNNING after " + timeout);
      }
      TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
    }
  }

  /** Replays {@code data} ({@code files} files) and times it, then runs the verifier. */
  Timed replay(Path data, int files, Duration timeout)
      throws IOException, InterruptedException, ApiException {
    long start = System.nanoTime();
    Process producer =
        start(
            List.of("produce", "--bootstrap-servers", bootstrapServers, "--data", data.toString()));
    long tick = start;
    double seconds = Double.NaN;
    while (Double.isNaN(seconds)) {
      tick += POLL.toNanos();
      long wait = tick - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Progress progress;
      try {
        progress = endpoint.progress(ANSWER);
      } catch (ApiException e) {
        if (!ApiException.waitingMayHelp(e)) {
          throw e;
        }
        // A 503 while a rebalance moves a store (a loaded machine): the clock runs on.
        progress = null;
      }
      if (progress != null && progress.caughtUp() && progress.filesCommitted() >= files) {
        seconds = (System.nanoTime() - start) / 1e9;
      } else if (!producer.isAlive() && producer.exitValue() != 0) {
        return failed(seconds, "flowrank produce exited " + producer.exitValue());
      } else if (System.nanoTime() - start > timeout.toNanos()) {
        producer.destroy();
        return failed(seconds, "not caught up after " + timeout);
      }
    }
    if (!producer.waitFor(PRODUCER_EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
      producer.destroy();
      return failed(seconds, "flowrank produce did not exit once caught up");
    }
    if (producer.exitValue() != 0) {
      return failed(seconds, "flowrank produce exited " + producer.exitValue());
    }
    String url = endpoint.endpoint().toString();
    int verified = start(List.of("verify", "--data", data.toString(), "--endpoint", url)).waitFor();
    if (verified != 0) {
      return failed(
          seconds,
          "flowrank verify exited " + verified + " (0 = identical; its tables: " + log + ")");
    }
    return new Timed(seconds, Check.Agreement.NOTHING_ELSE);
  }

  private static Timed failed(double seconds, String why) {
    return new Timed(seconds, new Check.Agreement(false, why));
  }

  /** The streams app's count of every device, for the comparison with the truth. */
  Counts counts() throws ApiException, InterruptedException {
    Map<String, Long> counts = new HashMap<>();
    endpoint.counts(ANSWER).forEach((device, evidence) -> counts.put(device, evidence.count()));
    return new Counts(counts, 0);
  }

  private Process start(List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(arguments);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
