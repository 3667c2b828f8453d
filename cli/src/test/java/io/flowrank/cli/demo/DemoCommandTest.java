package io.flowrank.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.cli.FlowrankCommand;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GeneratorSettings;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowrank demo --exit} as a user runs it: a JVM of its own, with the main classes and the
 * dependencies (what the shaded jar holds; not the test classes and their log4j2-test.xml), in an
 * empty working folder, stdout and stderr kept apart. Its first line is the dashboard's address;
 * the INFO lines of Kafka, Kafka Streams and flowrank go to {@code flowrank-data/demo.log} and not
 * to the terminal, unless the user chose a Log4j configuration.
 */
class DemoCommandTest {

  private static final String HOST = "127.0.0.1";
  private static final long DEMO_TIMEOUT_SECONDS = 180;
  /** A console line of log4j2-demo.xml below WARN: {@code 12:34:56.789 INFO  Logger - message}. */
  private static final Pattern CONSOLE_BELOW_WARN =
      Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO) .*");

  @TempDir Path dir;

  @Test
  void theGraceIsATenthOfTheWindowAtMostTheStreamsDefault() {
    assertThat(DemoCommand.defaultGrace(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(6));
    assertThat(DemoCommand.defaultGrace(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(1));
    assertThat(DemoCommand.defaultGrace(Duration.ofSeconds(5))).isEqualTo(Duration.ZERO);
    assertThat(DemoCommand.defaultGrace(Duration.ofMinutes(50))).isEqualTo(Duration.ofMinutes(5));
    assertThat(DemoCommand.defaultGrace(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void printsTheDashboardFirstAndWritesTheInfoLogsToAFileOnly() throws Exception {
    Path data = dir.resolve("data");
    FlowGenerator.generate(
        data, GeneratorSettings.defaults().withFiles(2).withRowsPerFile(2_000).withSeed(11));
    Path work = Files.createDirectories(dir.resolve("work"));
    int port = freePort();

    Demo demo =
        Demo.run(
            work,
            dir,
            List.of(),
            "--data", data.toString(),
            "--http", HOST + ":" + port,
            "--files-per-second", "0",
            "--timeout", "2m",
            "--exit");

    assertThat(demo.exitCode).as("exit code (0 = identical); %s", demo).isZero();
    assertThat(demo.stdout)
        .as("stdout")
        .first()
        .isEqualTo(
            "dashboard: http://" + HOST + ":" + port + "/  (logs: "
                + Path.of("flowrank-data", "demo.log") + ")");
    assertThat(demo.stdout)
        .as("stdout")
        .contains("streams app HTTP API on http://" + HOST + ":" + port)
        .anyMatch(line -> line.contains("dstdevice"))
        .anyMatch(line -> line.startsWith("IDENTICAL: "));

    Path logFile = work.resolve("flowrank-data").resolve("demo.log");
    assertThat(logFile).as("the demo's log file").isRegularFile();
    List<String> log = Files.readAllLines(logFile, StandardCharsets.UTF_8);
    List<String> brokerInfo = infoLines(log, "kafka.server.");
    List<String> streamsInfo = infoLines(log, "org.apache.kafka.streams.");
    List<String> flowrankInfo = infoLines(log, "io.flowrank.");
    assertThat(brokerInfo).as("the broker's INFO lines in %s", logFile).isNotEmpty();
    assertThat(streamsInfo).as("Kafka Streams' INFO lines in %s", logFile).isNotEmpty();
    assertThat(flowrankInfo)
        .as("flowrank's INFO lines in %s", logFile)
        .anyMatch(line -> line.contains("Kafka Streams RUNNING -> "))
        // written at the very end: the file holds the last lines too
        .anyMatch(line -> line.contains("embedded broker ") && line.contains(" stopped"));

    assertThat(demo.stderr)
        .as("stderr (only WARN and above)")
        .noneMatch(line -> CONSOLE_BELOW_WARN.matcher(line).matches());
    String stderr = String.join("\n", demo.stderr);
    for (List<String> lines : List.of(brokerInfo, streamsInfo, flowrankInfo)) {
      String message = message(lines.get(0));
      assertThat(stderr).as("stderr").doesNotContain(message);
    }
    assertThat(demo.stdout)
        .as("stdout")
        .noneMatch(line -> line.contains("Kafka Streams RUNNING -> "));
  }

  @Test
  void leavesTheLoggingOfAUserConfigurationAloneAndNamesAPickedPortOnceKnown() throws Exception {
    Path data = dir.resolve("data");
    FlowGenerator.generate(
        data, GeneratorSettings.defaults().withFiles(1).withRowsPerFile(1_000).withSeed(12));
    Path work = Files.createDirectories(dir.resolve("work"));
    Path config = dir.resolve("user-log4j2.xml");
    Files.writeString(
        config,
        """
        <Configuration status="WARN" shutdownHook="disable">
          <Appenders>
            <Console name="console" target="SYSTEM_ERR">
              <PatternLayout pattern="user %-5level %c - %msg%n"/>
            </Console>
          </Appenders>
          <Loggers>
            <Logger name="io.flowrank" level="INFO"/>
            <Root level="WARN"><AppenderRef ref="console"/></Root>
          </Loggers>
        </Configuration>
        """);

    Demo demo =
        Demo.run(
            work,
            dir,
            List.of("-Dlog4j2.configurationFile=" + config),
            "--data", data.toString(),
            "--http", HOST + ":0",
            "--files-per-second", "0",
            "--timeout", "2m",
            "--exit");

    assertThat(demo.exitCode).as("exit code (0 = identical); %s", demo).isZero();
    assertThat(work.resolve("flowrank-data").resolve("demo.log")).doesNotExist();
    assertThat(demo.stderr)
        .as("stderr, as the user's configuration says")
        .anyMatch(line -> line.startsWith("user INFO  io.flowrank.") && line.contains(" RUNNING"));
    // Port 0: the address is known once the app listens, just before the app's own line.
    List<String> stdout = demo.stdout;
    int dashboard =
        IntStream.range(0, stdout.size())
            .filter(i -> stdout.get(i).startsWith("dashboard: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no dashboard line; " + demo));
    assertThat(stdout.get(dashboard)).matches("dashboard: http://127\\.0\\.0\\.1:\\d+/");
    String url = stdout.get(dashboard).substring("dashboard: ".length());
    assertThat(url).doesNotEndWith(":0/");
    assertThat(stdout.get(dashboard + 1))
        .isEqualTo("streams app HTTP API on " + url.substring(0, url.length() - 1));
  }

  /** The INFO lines of {@code log} from a logger whose name starts with {@code loggerPrefix}. */
  private static List<String> infoLines(List<String> log, String loggerPrefix) {
    // log4j2-demo.xml: 2024-01-31 12:34:56.789 INFO  [thread] logger.Name - message
    Pattern line =
        Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[.*?\\] "
                + Pattern.quote(loggerPrefix)
                + "\\S* - .+");
    return log.stream().filter(l -> line.matcher(l).matches()).toList();
  }

  /** The message of a log file line: what follows the logger's name. */
  private static String message(String logLine) {
    return logLine.substring(logLine.indexOf(" - ") + 3);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /** One finished run of {@code flowrank demo} in a JVM of its own. */
  private record Demo(int exitCode, List<String> stdout, List<String> stderr) {

    static Demo run(Path workingDir, Path outputDir, List<String> jvmOptions, String... options)
        throws IOException, InterruptedException, URISyntaxException {
      String java = ProcessHandle.current().info().command().orElseThrow();
      List<String> command = new ArrayList<>(List.of(java, "-Xmx384m"));
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", mainClassPath()));
      command.add(FlowrankCommand.class.getName());
      command.add("demo");
      command.addAll(List.of(options));
      Path out = outputDir.resolve("demo.stdout");
      Path err = outputDir.resolve("demo.stderr");
      Process process =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try {
        if (!process.waitFor(DEMO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError(
              "the demo did not end in " + DEMO_TIMEOUT_SECONDS + " s; " + read(out, err, -1));
        }
      } finally {
        process.destroyForcibly();
      }
      return read(out, err, process.exitValue());
    }

    private static Demo read(Path out, Path err, int exitCode) throws IOException {
      return new Demo(
          exitCode,
          Files.readAllLines(out, StandardCharsets.UTF_8),
          Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    /** The test JVM's class path without the test classes. */
    private static String mainClassPath() throws URISyntaxException {
      Path testClasses =
          Path.of(
                  DemoCommandTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath();
      List<String> all = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
      List<String> main =
          all.stream()
              .filter(entry -> !Path.of(entry).toAbsolutePath().equals(testClasses))
              .toList();
      if (main.size() == all.size()) {
        throw new IllegalStateException(testClasses + " is not on java.class.path: " + all);
      }
      return String.join(File.pathSeparator, main);
    }

    @Override
    public String toString() {
      return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
    }
  }
}
