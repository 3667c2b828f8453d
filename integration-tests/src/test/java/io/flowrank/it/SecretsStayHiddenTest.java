package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.cli.FlowrankCommand;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.streams.StreamsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Secrets given to flowrank stay secret, and its HTTP API is local unless asked otherwise. The
 * streams app, the producer and the verifier run as users run them (separate processes from the
 * shaded jar) with a {@code --config} file of secret-looking client properties that a PLAINTEXT
 * broker ignores, and with every logger at INFO or finer (more than the shipped configuration
 * shows, so Kafka's own dumps of the client configs are in): the secret must appear in no log line,
 * no stdout or stderr and no HTTP answer, while the logs show the properties were read, masked.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class SecretsStayHiddenTest {

  private static final String SECRET = "s3cr3t-xyz";

  /**
   * Client properties holding {@link #SECRET}; on a PLAINTEXT listener Kafka reads, then ignores
   * them.
   */
  private static final Map<String, String> SECRET_PROPERTIES = secretProperties();

  private static final Pattern HTTP_URL =
      Pattern.compile("HTTP API on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path tmp;

  private TestResources resources;
  private Path logConfig;
  private final List<Path> outputs = new ArrayList<>();

  @BeforeEach
  void prepare() throws IOException {
    resources = new TestResources("SecretsStayHiddenTest", TestKafka::embedded);
    logConfig = tmp.resolve("log4j2-everything.xml");
    Files.writeString(logConfig, VERBOSE_LOG_CONFIG, StandardCharsets.UTF_8);
  }

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  @Test
  void theHttpApiBindsToLoopbackByDefault() {
    assertThat(StreamsSettings.defaults("127.0.0.1:9092").httpHost()).isEqualTo("127.0.0.1");
    CommandLine stream = FlowrankCommand.commandLine().getSubcommands().get("stream");
    assertThat(stream.getCommandSpec().findOption("--http").defaultValue())
        .isEqualTo(StreamsSettings.DEFAULT_HTTP_HOST + ":" + StreamsSettings.DEFAULT_HTTP_PORT);
    assertThat(stream.getUsageMessage()).contains("(default: 127.0.0.1:");
  }

  @Test
  void secretsInTheClientConfigAppearInNoLogNoOutputAndNoAnswer() throws Exception {
    Path config = writeConfig("client.properties", SECRET_PROPERTIES);
    Path data =
        TestData.generate(
            tmp.resolve("data"),
            TestData.TEN_FILES.withFiles(2).withRowsPerFile(2_000).withSeed(9));
    String bootstrap = resources.bootstrap();

    Process stream =
        start(
            "stream",
            List.of(
                "stream",
                "--bootstrap-servers",
                bootstrap,
                "--config",
                config.toString(),
                "--http",
                "127.0.0.1:0",
                "--application-id",
                resources.newApplicationId(),
                "--state-dir",
                tmp.resolve("state").toString()));
    // The producer needs no streams app: both start at once, to share the JVMs' start-up time.
    Process produce =
        start(
            "produce",
            List.of(
                "produce",
                "--bootstrap-servers",
                bootstrap,
                "--config",
                config.toString(),
                "--data",
                data.toString()));
    String url = awaitHttpUrl(stream, "stream");
    assertThat(awaitExit(produce, "produce")).as(tail("produce")).isZero();
    // The verifier takes no Kafka properties (it reads the files and the HTTP API only).
    Process verify =
        start(
            "verify",
            List.of("verify", "--data", data.toString(), "--endpoint", url, "--timeout", "2m"));
    assertThat(awaitExit(verify, "verify")).as(tail("verify")).isZero();

    Map<String, RawAnswer> answers = new LinkedHashMap<>();
    for (String path : List.of("/api/progress", "/metrics", "/health", "/api/top", "/")) {
      RawAnswer answer = ApiCalls.get(url, path);
      assertThat(answer.status()).as("GET %s: %s", path, answer.text()).isEqualTo(200);
      answers.put(path, answer);
    }
    // A clean stop (SIGTERM: the shutdown hook runs), so the shutdown's lines are in the output
    // too; the JVM then exits with 128 + 15.
    stream.destroy();
    assertThat(awaitExit(stream, "stream")).as(tail("stream")).isIn(0, 143);
    assertThat(read("stream.err")).contains("shutting down");

    answers.forEach(
        (path, answer) -> assertThat(answer.text()).as("GET %s", path).doesNotContain(SECRET));
    String streamLog = read("stream.err");
    for (Path output : outputs) {
      assertThat(Files.readString(output, StandardCharsets.UTF_8))
          .as("the output in %s", output.getFileName())
          .doesNotContain(SECRET);
    }
    // The secrets were read and reached the places that print configs: masked there.
    assertThat(streamLog)
        .as("flowrank's own line of the Kafka Streams properties")
        .contains("ssl.truststore.password=[hidden]", "sasl.jaas.config=[hidden]");
    assertThat(streamLog)
        .as("Kafka's dump of the client configs")
        .contains("ssl.truststore.password = [hidden]", "sasl.jaas.config = [hidden]");
    assertThat(read("produce.err")).contains("ssl.key.password = [hidden]");
  }

  @Test
  void aMalformedSecretConfigFailsWithoutEchoingTheSecret() throws Exception {
    // A JAAS line without its closing ';': the client refuses it before connecting anywhere, so
    // no broker is needed (nothing listens on port 1 of loopback).
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put("security.protocol", "SASL_PLAINTEXT");
    broken.put("sasl.mechanism", "PLAIN");
    broken.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"flowrank\" password=\""
            + SECRET
            + "\"");
    Path config = writeConfig("broken.properties", broken);
    Path data =
        TestData.generate(
            tmp.resolve("data"), TestData.TEN_FILES.withFiles(1).withRowsPerFile(100).withSeed(9));

    Process produce =
        start(
            "produce",
            List.of(
                "produce",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--config",
                config.toString(),
                "--data",
                data.toString()));
    assertThat(awaitExit(produce, "produce")).as(tail("produce")).isNotZero();
    for (Path output : outputs) {
      assertThat(Files.readString(output, StandardCharsets.UTF_8))
          .as("the output in %s", output.getFileName())
          .doesNotContain(SECRET);
    }
  }

  private static Map<String, String> secretProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("ssl.truststore.password", SECRET);
    properties.put("ssl.keystore.password", SECRET);
    properties.put("ssl.key.password", SECRET);
    properties.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"flowrank\" password=\""
            + SECRET
            + "\";");
    return properties;
  }

  private Path writeConfig(String name, Map<String, String> properties) throws IOException {
    StringBuilder text = new StringBuilder();
    properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  /**
   * Starts {@code flowrank ARGS} from the shaded jar with {@link #VERBOSE_LOG_CONFIG}, stdout and
   * stderr each to a file; killed after the test if still running.
   */
  private Process start(String name, List<String> args) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    command.add("-Dlog4j2.configurationFile=" + logConfig);
    command.add("-jar");
    command.add(FlowrankProcess.jar().toString());
    command.addAll(args);
    Path out = tmp.resolve(name + ".out");
    Path err = tmp.resolve(name + ".err");
    outputs.add(out);
    outputs.add(err);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    resources.closeAfter(
        () -> {
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        });
    return process;
  }

  /** The URL {@code flowrank stream} prints once its HTTP API listens. */
  private String awaitHttpUrl(Process stream, String name) {
    try {
      return await(name + " printing its HTTP address")
          .atMost(ApiCalls.WAIT)
          .pollInterval(Duration.ofMillis(200))
          .failFast(name + " ended early", () -> !stream.isAlive())
          .until(() -> httpUrlIn(read(name + ".out")), url -> !url.isEmpty());
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + "; its output ends with:\n" + tail(name), e);
    }
  }

  private static String httpUrlIn(String output) {
    Matcher url = HTTP_URL.matcher(output);
    return url.find() ? url.group(1) : "";
  }

  private int awaitExit(Process process, String name) {
    await(name + " ending by itself")
        .atMost(ApiCalls.WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !process.isAlive());
    return process.exitValue();
  }

  private String read(String file) throws IOException {
    return Files.readString(tmp.resolve(file), StandardCharsets.UTF_8);
  }

  /** The end of a process's stdout and stderr, for failure messages. */
  private String tail(String name) {
    try {
      String both = read(name + ".out") + read(name + ".err");
      return both.substring(Math.max(0, both.length() - 4_000));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /**
   * Every logger at INFO at least and flowrank's at DEBUG, to stderr as the shipped configuration
   * does: more than users see by default, so a secret printed at any of those levels shows.
   */
  private static final String VERBOSE_LOG_CONFIG =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <Configuration status="WARN" shutdownHook="disable">
        <Appenders>
          <Console name="console" target="SYSTEM_ERR">
            <PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n"/>
          </Console>
        </Appenders>
        <Loggers>
          <Logger name="io.flowrank" level="DEBUG"/>
          <Root level="INFO">
            <AppenderRef ref="console"/>
          </Root>
        </Loggers>
      </Configuration>
      """;
}
