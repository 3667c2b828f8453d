package io.flowrank.cli.demo;

import io.flowrank.cli.DurationConverter;
import io.flowrank.cli.HostPort;
import io.flowrank.cli.broker.EmbeddedKafkaBroker;
import io.flowrank.cli.commands.HttpOption;
import io.flowrank.cli.commands.StreamCommand;
import io.flowrank.cli.commands.VerifyCommand;
import io.flowrank.core.api.Progress;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GenerationResult;
import io.flowrank.core.synthetic.GeneratorSettings;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import io.flowrank.producer.FlowReplayer;
import io.flowrank.producer.ProducerSettings;
import io.flowrank.producer.ProgressListener;
import io.flowrank.producer.ReplayResult;
import io.flowrank.streams.StreamsApp;
import io.flowrank.streams.StreamsSettings;
import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.Progress;
import io.flowrank.verifier.VerifierSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowrank demo}: the notebook on Kafka, on one machine. Generates the notebook-sized sample
 * (unless {@code --data} is given), starts an embedded KRaft broker, the streams app and its HTTP
 * API, replays the files, shows the live top-20 every second, then runs the verifier. Its first
 * line is the dashboard's address; the logs go to {@code flowrank-data/demo.log} ({@link DemoLog}),
 * so the terminal shows the demo's output and only warnings and errors besides.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs everything on this machine: embedded Kafka broker, streams app, replay of the files, the live top-20 table, then the verifier's verdict. Prints the dashboard's address first; the logs go to flowrank-data/demo.log (warnings and errors also to the terminal). Keeps serving the dashboard and the HTTP API until Ctrl-C, or ends with the verifier's exit code with --exit.")
public final class DemoCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
  private static final Path WORK_DIR = Path.of("flowrank-data");
  private static final Path SAMPLE_DIR = WORK_DIR.resolve("sample");
  /** Counted down once the demo has stopped everything, for the shutdown hook of Ctrl-C. */
  private final CountDownLatch stopped = new CountDownLatch(1);
  private static final Path LOG_FILE = WORK_DIR.resolve("demo.log");

  @Option(names = "--data", paramLabel = "PATH",
      description = "Input files (default: generate the notebook-sized sample, 50 files x 10,000 "
          + "rows, into " + "flowrank-data/sample).")
  Path data;

  @Mixin HttpOption httpOption;

  @Option(names = "--files-per-second", paramLabel = "X", defaultValue = "10",
      description = "Replay pace, like the notebook's one file per trigger; 0 = as fast as possible "
          + "(default: ${DEFAULT-VALUE}).")
  double filesPerSecond;

  @Option(names = "--window", paramLabel = "SIZE", defaultValue = "1m",
      converter = DurationConverter.class,
      description = "Windows of data time of the stream and the verifier: the notebook-sized sample"
          + " holds under three minutes of data, so minutes show several windows and the devices"
          + " that start serving partway (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How late in data time a flow may come and still count in its window, for the"
          + " stream and the verifier (default: a tenth of --window, at most the stream's 5m: with"
          + " the default 1m, 6s, so the sample's first windows close, and their events show,"
          + " while it is replayed).")
  Duration grace;

  @Option(names = "--exit", description = "End after the verdict, with the verifier's exit code.")
  boolean exit;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long the verifier waits for the stream (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (filesPerSecond < 0) {
      throw new IllegalArgumentException("--files-per-second must be 0 or more");
    }
    TimeSettings time = demoTime();
    // A wrong --data ends the demo here, before it prints anything.
    int files = data != null ? fileCount(data) : 0;
    Files.createDirectories(WORK_DIR);
    Optional<Path> logFile = DemoLog.toFile(LOG_FILE);
    HostPort http = httpOption.address();
    if (http.port() != 0) { // else the address is known once the app listens
      System.out.println(dashboardLine("http://" + http + "/", logFile));
    }
    Path input = data;
    if (input == null) {
      input = generateSample();
      files = fileCount(input);
    }
    long started = System.nanoTime();
    // Kafka Streams warns against state in the OS temp folder (it may be cleaned under it).
    Path stateDir = Files.createTempDirectory(WORK_DIR, "demo-state-");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
    StreamsApp app = null;
    FlowReplayer replayer = null;
    try {
      System.out.println("embedded Kafka broker (KRaft) on " + broker.bootstrapServers());
      app =
          StreamCommand.startOrExplain(
              StreamsSettings.defaults(broker.bootstrapServers())
                  .withApplicationId("flowrank-demo")
                  .withHttp(http.host(), http.port())
                  .withStateDir(stateDir)
                  .withStandbyReplicas(0) // one instance: no other host for a standby
                  .withTime(time));
      if (http.port() == 0) {
        System.out.println(dashboardLine(app.httpUrl() + "/", logFile));
      }
      System.out.println("streams app HTTP API on " + app.httpUrl());
      System.out.printf("replaying %d files from %s%n%n", files, input);

      replayer =
          new FlowReplayer(
              ProducerSettings.builder(broker.bootstrapServers(), input)
                  .filesPerSecond(filesPerSecond)
                  .build(),
              ProgressListener.none());
      FlowReplayer running = replayer;
      CompletableFuture<ReplayResult> replay =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return running.run();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException("the replay was interrupted", e);
                }
              });

      ApiClient client =
          new ApiClient(VerifierSettings.parseEndpoint(app.httpUrl()), Duration.ofSeconds(5));
      LiveTable table = new LiveTable(client, System.out, System.console() != null, 20);
      while (true) {
        Progress progress = table.refresh(files);
        if (replay.isCompletedExceptionally()) {
          replay.get(); // throws the replay's failure
        }
        if (replay.isDone() && progress != null && progress.caughtUp()
            && progress.filesCommitted() >= files) {
          break;
        }
        Thread.sleep(1000);
      }
      ReplayResult result = replay.get();
      System.out.printf(
          "replay done: %d files, %,d records; the stream caught up %.1f s after the start%n%n",
          result.filesCommitted(), result.records(), (System.nanoTime() - started) / 1e9);

      int verdict = VerifyCommand.verify(input, app.httpUrl(), timeout, time);
      if (exit) {
        return verdict;
      }
      System.out.println();
      System.out.println(
          "serving the dashboard on " + app.httpUrl() + "/ and the HTTP API (Ctrl-C to stop)");
      awaitCtrlC();
      return verdict;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      try {
        if (replayer != null) {
          replayer.close();
        }
        if (app != null) {
          app.close();
        }
        broker.close();
        deleteTree(stateDir);
      } finally {
        stopped.countDown();
      }
    }
  }

  /**
   * The stream's and the verifier's windows: {@code --window} and {@code --grace} (by default a
   * tenth of the window, at most the stream's default), the retention the stream's default.
   */
  private TimeSettings demoTime() {
    try {
      Windowing defaults = Windowing.DEFAULT;
      return TimeSettings.of(
          Windowing.of(
              window,
              grace != null ? grace : defaultGrace(window),
              Duration.ofSeconds(defaults.retention())));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  /**
   * A tenth of {@code window} in whole seconds, at most the stream's default grace: the demo's data
   * come in order, so a short grace costs no flow its window, and a window's events show once it
   * closes, during the replay rather than at its end.
   */
  static Duration defaultGrace(Duration window) {
    return Duration.ofSeconds(Math.min(window.getSeconds() / 10, Windowing.DEFAULT.grace()));
  }

  /** The first line of the demo: where to look, and where the logs are (when in a file of ours). */
  private static String dashboardLine(String url, Optional<Path> logFile) {
    return "dashboard: " + url + logFile.map(file -> "  (logs: " + file + ")").orElse("");
  }

  private static int fileCount(Path input) throws IOException {
    return InputFiles.at(input, Limits.DEFAULT_MAX_RECORD_BYTES).files().size();
  }

  private static Path generateSample() throws IOException {
    GenerationResult result = FlowGenerator.generate(SAMPLE_DIR, GeneratorSettings.defaults(), true);
    System.out.printf(
        "generated the notebook-sized sample: %d files, %,d lines in %s%n",
        result.filesWritten(), result.rows(), SAMPLE_DIR);
    return SAMPLE_DIR;
  }

  /**
   * Blocks until the JVM shuts down (Ctrl-C); the finally block of {@link #call()} then cleans up
   * while the shutdown hook waits for {@link #stopped}. The hook must not wait for the main thread
   * to end: after the clean-up it calls {@code System.exit}, which blocks while hooks run.
   */
  private void awaitCtrlC() throws InterruptedException {
    CountDownLatch shutdown = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shutdown.countDown();
                  main.interrupt();
                  try {
                    stopped.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "flowrank-demo-shutdown"));
    try {
      shutdown.await();
    } catch (InterruptedException e) {
      LOG.info("stopping the demo");
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }

}
