package io.flowrank.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code flowrank} command as a separate process, as users run it: the shaded CLI jar the build
 * produces (a copy taken once per test run), on the same {@code java} as the tests. {@link #stream}
 * gets its own free HTTP port on 127.0.0.1; {@link #produce} and {@link #verify} run to their end,
 * and {@link #awaitExit} gives their exit code. The output (stdout and stderr) goes to a file, so a
 * failed test can show its end. {@link #kill()} ends a process at once, without its shutdown hook:
 * a crash, not a stop.
 */
final class FlowrankProcess implements AutoCloseable {

  /** The shaded CLI jar, relative to the repository root. */
  static final String JAR = "cli/target/flowrank-all.jar";

  private static final Logger LOG = LoggerFactory.getLogger(FlowrankProcess.class);
  private static final String HOST = "127.0.0.1";
  private static final long KILL_WAIT_SECONDS = 30;
  private static final int NO_HTTP = -1;

  /** The copy of the jar the processes of this test run start from (see {@link #runnableJar}). */
  private static Path snapshot;

  private final String name;
  private final Process process;
  private final Path output;
  private final int httpPort;

  private FlowrankProcess(String name, Process process, Path output, int httpPort) {
    this.name = name;
    this.process = process;
    this.output = output;
    this.httpPort = httpPort;
  }

  /**
   * The shaded CLI jar; fails saying how to build it when it is missing (a reactor {@code package}
   * or later phase builds it before it runs these tests; {@code mvn test} does not), and warns when
   * a main source file is newer than it, as the tests would then run yesterday's code.
   */
  static Path jar() {
    Path root = RepoRoot.path();
    Path jar = root.resolve(JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first with `mvn -B -DskipTests package -pl cli -am`");
    }
    newerSource(root, jar)
        .ifPresent(
            source ->
                LOG.warn(
                    "{} is older than {}: rebuild it with `mvn -B -DskipTests package -pl cli -am`",
                    jar,
                    source));
    return jar;
  }

  /**
   * A copy of {@link #jar()} taken on first use and deleted when the JVM exits. A process reads
   * classes from its jar as it needs them, for minutes in the crash tests: a build that rewrites
   * the jar meanwhile must not change the code under a running process (it fails with {@code
   * NoClassDefFoundError}), and every process of a run starts the same code.
   */
  private static synchronized Path runnableJar() throws IOException {
    if (snapshot == null) {
      Path copy = Files.createTempFile("flowrank-all-", ".jar");
      copy.toFile().deleteOnExit();
      Files.copy(jar(), copy, StandardCopyOption.REPLACE_EXISTING);
      snapshot = copy;
    }
    return snapshot;
  }

  /**
   * Starts {@code flowrank stream} with {@code --http 127.0.0.1:PORT} on a free port, then {@code
   * streamOptions}; its output goes to {@code output}.
   */
  static FlowrankProcess stream(String name, Path output, List<String> streamOptions)
      throws IOException {
    return stream(name, output, freePort(), streamOptions);
  }

  /**
   * The same on a given port: a process restarted on the port of the one before it keeps its
   * address (a dashboard left open on it).
   */
  static FlowrankProcess stream(String name, Path output, int port, List<String> streamOptions)
      throws IOException {
    List<String> options = new ArrayList<>(List.of("--http", HOST + ":" + port));
    options.addAll(streamOptions);
    return start(name, output, "stream", options, port);
  }

  /** Starts {@code flowrank produce} with {@code options}; its output goes to {@code output}. */
  static FlowrankProcess produce(String name, Path output, List<String> options)
      throws IOException {
    return start(name, output, "produce", options, NO_HTTP);
  }

  /** Starts {@code flowrank produce} reading {@code stdin} as its standard input. */
  static FlowrankProcess produceFromStdin(
      String name, Path output, Path stdin, List<String> options) throws IOException {
    return start(name, output, "produce", options, NO_HTTP, stdin);
  }

  /** Starts {@code flowrank verify} with {@code options}; its output goes to {@code output}. */
  static FlowrankProcess verify(String name, Path output, List<String> options) throws IOException {
    return start(name, output, "verify", options, NO_HTTP);
  }

  /** Starts any command that serves no HTTP (such as {@code reset}) with {@code options}. */
  static FlowrankProcess command(String name, Path output, String command, List<String> options)
      throws IOException {
    return start(name, output, command, options, NO_HTTP);
  }

  /** Starts {@code flowrank bench} with {@code options}; its output goes to {@code output}. */
  static FlowrankProcess bench(String name, Path output, List<String> options) throws IOException {
    return start(name, output, "bench", options, NO_HTTP);
  }

  private static FlowrankProcess start(
      String name, Path output, String command, List<String> options, int httpPort)
      throws IOException {
    return start(name, output, command, options, httpPort, null);
  }

  private static FlowrankProcess start(
      String name, Path output, String command, List<String> options, int httpPort, Path stdin)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
    List<String> line = new ArrayList<>();
    line.add(java);
    // Several processes and a broker share two cores in the tests: a small heap is plenty.
    line.add("-Xmx384m");
    line.add("-jar");
    line.add(runnableJar().toString());
    line.add(command);
    line.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    LOG.info("started {} (flowrank {}, pid {})", name, command, process.pid());
    return new FlowrankProcess(name, process, output, httpPort);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** The HTTP port of a {@code flowrank stream} process. */
  int httpPort() {
    if (httpPort == NO_HTTP) {
      throw new IllegalStateException(name + " serves no HTTP");
    }
    return httpPort;
  }

  /** {@code http://127.0.0.1:PORT} of a {@code flowrank stream} process. */
  String httpUrl() {
    return "http://" + HOST + ":" + httpPort();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to end by itself and returns its exit code; fails with the end of its
   * output when it is still running after {@code timeout}.
   */
  int awaitExit(Duration timeout) {
    try {
      await(name + " (pid " + process.pid() + ") ending by itself")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !process.isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; its last lines:\n" + tail(40), e);
    }
    return process.exitValue();
  }

  /**
   * Ends the process at once (SIGKILL: no shutdown hook, no leaving the group, no abort of an open
   * transaction) and waits for it; does nothing when it has ended already.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not end");
    }
  }

  /** The lines of its output so far that contain {@code text}. */
  List<String> linesContaining(String text) {
    try {
      return Files.readAllLines(output, StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains(text))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of its output. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs the last {@code lines} lines of its output as an error, for a failed test. */
  void logTail(Logger log, int lines) {
    log.error(
        "the last {} lines of {} (pid {}{}):\n{}",
        lines,
        name,
        pid(),
        isAlive() ? ", running" : "",
        tail(lines));
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** A file under a module's {@code src/main} modified after {@code jar}, if any. */
  private static Optional<Path> newerSource(Path root, Path jar) {
    try (Stream<Path> modules = Files.list(root)) {
      FileTime built = Files.getLastModifiedTime(jar);
      for (Path module :
          modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(module)) {
          Optional<Path> newer =
              files
                  .filter(Files::isRegularFile)
                  .filter(file -> modifiedAfter(file, built))
                  .findFirst();
          if (newer.isPresent()) {
            return newer;
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean modifiedAfter(Path file, FileTime time) {
    try {
      return Files.getLastModifiedTime(file).compareTo(time) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port free now; another process could take it before the instance binds it, rarely. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
