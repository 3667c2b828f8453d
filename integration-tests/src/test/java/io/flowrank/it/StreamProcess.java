package io.flowrank.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flowrank stream} as a separate process, as users run it: the shaded CLI jar the build
 * produces, on the same {@code java} as the tests, with its own free HTTP port on 127.0.0.1. Its
 * output (stdout and stderr) goes to a file, so a failed test can show its end. {@link #kill()}
 * ends it at once, without its shutdown hook: a crash, not a stop.
 */
final class StreamProcess implements AutoCloseable {

  /** The shaded CLI jar, relative to the repository root. */
  static final String JAR = "cli/target/flowrank-all.jar";

  private static final Logger LOG = LoggerFactory.getLogger(StreamProcess.class);
  private static final String HOST = "127.0.0.1";
  private static final long KILL_WAIT_SECONDS = 30;

  private final String name;
  private final Process process;
  private final Path output;
  private final int httpPort;

  private StreamProcess(String name, Process process, Path output, int httpPort) {
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
   * Starts {@code flowrank stream} with {@code --http 127.0.0.1:PORT} on a free port, then {@code
   * streamOptions}; its output goes to {@code output}.
   */
  static StreamProcess start(String name, Path output, List<String> streamOptions)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(java);
    // Two instances and a broker share two cores in the tests: a small heap is plenty.
    command.add("-Xmx384m");
    command.add("-jar");
    command.add(jar().toString());
    command.add("stream");
    command.add("--http");
    command.add(HOST + ":" + port);
    command.addAll(streamOptions);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new StreamProcess(name, process, output, port);
  }

  String name() {
    return name;
  }

  int httpPort() {
    return httpPort;
  }

  String httpUrl() {
    return "http://" + HOST + ":" + httpPort;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Ends the process at once (SIGKILL: no shutdown hook, no leaving the group) and waits for it.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "instance " + name + " (pid " + process.pid() + ") did not end");
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
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
