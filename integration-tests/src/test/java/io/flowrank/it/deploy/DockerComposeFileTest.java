package io.flowrank.it.deploy;

import static io.flowrank.it.deploy.DeploymentFiles.CLUSTER_COMPOSE_FILE;
import static io.flowrank.it.deploy.DeploymentFiles.COMPOSE_FILE;
import static io.flowrank.it.deploy.DeploymentFiles.OVERRIDE_EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowrank.cli.FlowrankCommand;
import io.flowrank.cli.HostPort;
import io.flowrank.it.RepoRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Checks {@code docker-compose.yml}, {@code docker-compose.cluster.yml} (three brokers) and the
 * override example offline: the services and their wiring, the brokers' replication, and every
 * flowrank command parsed by the real CLI ({@link FlowrankCommand#commandLine()}, parse only), so a
 * renamed or mistyped flag fails here instead of in a container. Most checks run on both files.
 */
@ParameterizedClass
@MethodSource("stacks")
final class DockerComposeFileTest {

  private static final String FLOWRANK_IMAGE = "flowrank:local";
  private static final List<String> STREAMS = List.of("stream-1", "stream-2");

  /** Each flowrank service and the CLI command it must run. */
  private static final Map<String, String> FLOWRANK_SERVICES =
      orderedMap(
          "generate", "generate",
          "stream-1", "stream",
          "stream-2", "stream",
          "producer", "produce",
          "verifier", "verify");

  private static final Pattern KAFKA_IMAGE = Pattern.compile("apache/kafka:(\\d+\\.\\d+\\.\\d+)");

  /**
   * A compose file and what it must hold.
   *
   * @param file its path in the repository
   * @param brokers its Kafka services
   * @param replicas the replication factor of every topic
   * @param minInsync the replicas that must hold a write (acks=all)
   */
  record Stack(String file, List<String> brokers, int replicas, int minInsync) {

    JsonNode compose() {
      return DeploymentFiles.readYaml(file);
    }

    JsonNode services() {
      return compose().path("services");
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Stack> stacks() {
    return Stream.of(
        new Stack(COMPOSE_FILE, List.of("kafka"), 1, 1),
        new Stack(CLUSTER_COMPOSE_FILE, List.of("kafka-1", "kafka-2", "kafka-3"), 3, 2));
  }

  private final Stack stack;
  private final JsonNode compose;
  private final JsonNode services;

  DockerComposeFileTest(Stack stack) {
    this.stack = stack;
    this.compose = stack.compose();
    this.services = stack.services();
  }

  @Test
  void declaresKafkaAndEveryFlowrankService() {
    List<String> expected = new ArrayList<>(FLOWRANK_SERVICES.keySet());
    expected.addAll(stack.brokers());
    assertThat(fieldNames(services)).containsExactlyInAnyOrderElementsOf(expected);
    // Jackson reads YAML anchors and merge keys as plain strings; the file spells every service out.
    assertThat(DeploymentFiles.read(stack.file())).doesNotContain("<<:");
  }

  @Test
  void everyFlowrankServiceRunsTheOneImageBuiltOnceFromTheDockerfile() {
    List<String> builders = new ArrayList<>();
    for (String name : FLOWRANK_SERVICES.keySet()) {
      JsonNode service = services.path(name);
      assertThat(service.path("image").asText()).as(name + " image").isEqualTo(FLOWRANK_IMAGE);
      // Built here or nowhere: never pulled.
      assertThat(service.path("pull_policy").asText()).as(name + " pull_policy").isEqualTo("never");
      if (!service.path("build").isMissingNode()) {
        builders.add(name);
        assertThat(service.path("build").path("context").asText()).as(name + " build context")
            .isEqualTo(".");
        assertThat(service.path("build").path("dockerfile").asText()).as(name + " dockerfile")
            .isEqualTo("Dockerfile");
      }
    }
    // One service declares the build, so `docker compose build` builds the image once; it is a
    // streams instance, so `up -d stream-1 stream-2` builds it too when it is missing.
    assertThat(builders).containsExactly("stream-1");
    assertThat(RepoRoot.path().resolve("Dockerfile")).isRegularFile();
  }

  @Test
  void kafkaIsTheOfficialImageOfTheClientsVersionInKraftMode() {
    Set<String> clusterIds = new HashSet<>();
    List<String> voters = new ArrayList<>();
    for (String broker : stack.brokers()) {
      JsonNode kafka = services.path(broker);
      Matcher image = KAFKA_IMAGE.matcher(kafka.path("image").asText());
      assertThat(image.matches()).as("apache/kafka:X.Y.Z, got " + kafka.path("image")).isTrue();
      // The image's tag is the version of the clients (and of .ci/run's stand-in image).
      assertThat(image.group(1)).as(broker + " image").isEqualTo(AppInfoParser.getVersion());

      JsonNode env = kafka.path("environment");
      assertThat(text(env, "KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
      assertThat(text(env, "KAFKA_LISTENERS").split(","))
          .contains("PLAINTEXT://:9092", "CONTROLLER://:9093");
      assertThat(text(env, "KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://" + broker + ":9092");
      assertThat(text(env, "KAFKA_CONTROLLER_LISTENER_NAMES")).isEqualTo("CONTROLLER");
      voters.add(text(env, "KAFKA_NODE_ID") + "@" + broker + ":9093");
      assertThat(text(env, "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS")).isEqualTo("0");
      // The image formats its log directory with this id; a malformed one stops the broker.
      assertThat(Uuid.fromString(text(env, "CLUSTER_ID"))).isNotNull();
      clusterIds.add(text(env, "CLUSTER_ID"));
      // Its own log directory in its own volume: a restarted broker finds its data.
      assertThat(volumeMountedAt(kafka, text(env, "KAFKA_LOG_DIRS"))).isEqualTo(broker + "-data");
    }
    assertThat(clusterIds).as("one cluster").hasSize(1);
    // Every broker is a voter of the controller quorum, and knows every other.
    for (String broker : stack.brokers()) {
      assertThat(text(services.path(broker).path("environment"), "KAFKA_CONTROLLER_QUORUM_VOTERS"))
          .as(broker)
          .isEqualTo(String.join(",", voters));
    }
  }

  @Test
  void everyTopicHasTheStacksReplicasAndAcceptsAWriteOnceEnoughHoldIt() {
    for (String broker : stack.brokers()) {
      JsonNode env = services.path(broker).path("environment");
      // flowrank creates its topics, and Kafka Streams its internal ones (replication.factor -1),
      // with the broker's default; exactly-once needs the transaction state log and the offsets.
      for (String replicas :
          List.of(
              "KAFKA_DEFAULT_REPLICATION_FACTOR",
              "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
              "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")) {
        assertThat(text(env, replicas)).as(broker + " " + replicas).isEqualTo(String.valueOf(stack.replicas()));
      }
      for (String minInsync : List.of("KAFKA_MIN_INSYNC_REPLICAS", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
        assertThat(text(env, minInsync)).as(broker + " " + minInsync).isEqualTo(String.valueOf(stack.minInsync()));
      }
    }
    assertThat(stack.brokers()).hasSizeGreaterThanOrEqualTo(stack.replicas());
  }

  @Test
  void everyFlowrankCommandParsesWithTheRealCli() {
    FLOWRANK_SERVICES.forEach(
        (name, command) -> {
          ParseResult parsed = parseService(name, Map.of());
          assertThat(parsed.hasSubcommand()).as(name + " runs a flowrank command").isTrue();
          assertThat(parsed.subcommand().commandSpec().name()).as(name).isEqualTo(command);
        });
  }

  @Test
  void theCliRejectsAnUnknownFlagWhenOnlyParsing() {
    // The check above is only worth something if parsing alone rejects what execution would.
    assertThatThrownBy(
            () -> parse(List.of("stream", "--bootstrap-servers", "kafka:9092", "--no-such-flag")))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    assertThatThrownBy(() -> parse(List.of("produce", "--data", "/data/sample")))
        .isInstanceOf(CommandLine.MissingParameterException.class);
  }

  @Test
  void kafkaClientsUseTheBrokersAdvertisedListeners() {
    String advertised =
        String.join(
            ",",
            stack.brokers().stream()
                .map(b -> text(services.path(b).path("environment"), "KAFKA_ADVERTISED_LISTENERS"))
                .map(listener -> listener.replace("PLAINTEXT://", ""))
                .toList());
    for (String name : List.of("stream-1", "stream-2", "producer")) {
      assertThat(option(name, "--bootstrap-servers")).as(name).isEqualTo(advertised);
    }
  }

  @Test
  void streamInstancesShareTheApplicationIdButNotTheirAddressOrState() {
    Set<Object> applicationIds = new HashSet<>();
    Set<String> applicationServers = new HashSet<>();
    Set<String> stateVolumes = new HashSet<>();
    for (String name : STREAMS) {
      applicationIds.add(option(name, "--application-id"));
      HostPort http = (HostPort) option(name, "--http");
      HostPort applicationServer = (HostPort) option(name, "--application-server");
      // Other instances reach this one by its compose service name, on the port it listens on.
      assertThat(applicationServer).as(name).isEqualTo(new HostPort(name, http.port()));
      assertThat(http.host()).as(name + " listens beyond its own container").isEqualTo("0.0.0.0");
      applicationServers.add(applicationServer.toString());
      String stateDir = option(name, "--state-dir").toString();
      String volume = volumeMountedAt(services.path(name), stateDir);
      assertThat(compose.path("volumes").has(volume)).as(volume + " declared").isTrue();
      stateVolumes.add(volume);
    }
    assertThat(applicationIds).hasSize(1);
    assertThat(applicationServers).hasSize(STREAMS.size());
    assertThat(stateVolumes).hasSize(STREAMS.size());
  }

  @Test
  void streamHttpPortsArePublishedOnTheHostsLoopbackOnly() {
    Set<String> hostPorts = new HashSet<>();
    for (String name : STREAMS) {
      int httpPort = ((HostPort) option(name, "--http")).port();
      JsonNode ports = services.path(name).path("ports");
      assertThat(ports.size()).as(name + " ports").isEqualTo(1);
      // 127.0.0.1:${FLOWRANK_HTTP_PORT_N:-70xx}:CONTAINER, the host port movable by a variable.
      Matcher published =
          Pattern.compile("127\\.0\\.0\\.1:\\$\\{FLOWRANK_HTTP_PORT_\\d:-(\\d+)}:(\\d+)")
              .matcher(ports.get(0).asText());
      assertThat(published.matches()).as(name + " ports: " + ports.get(0).asText()).isTrue();
      assertThat(published.group(2)).isEqualTo(String.valueOf(httpPort));
      hostPorts.add(published.group(1));
    }
    assertThat(hostPorts).containsExactlyInAnyOrder("7070", "7071");
    for (String oneShot : List.of("generate", "producer", "verifier")) {
      assertThat(services.path(oneShot).has("ports")).as(oneShot).isFalse();
    }
  }

  @Test
  void longRunningServicesHaveHealthChecksOnWhatTheyServe() {
    for (String broker : stack.brokers()) {
      // A request the broker answers once it serves (the cluster file asks it once, then watches
      // the port).
      assertThat(String.join(" ", healthCheck(broker)))
          .as(broker)
          .contains("/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092");
    }
    for (String name : STREAMS) {
      int httpPort = ((HostPort) option(name, "--http")).port();
      // HTTP over bash's /dev/tcp: the image needs no curl.
      List<String> check = healthCheck(name);
      assertThat(check.subList(0, 3)).as(name).containsExactly("CMD", "bash", "-c");
      assertThat(check.get(3))
          .as(name)
          .contains("/dev/tcp/127.0.0.1/" + httpPort, "GET /health HTTP/1.0", " 200 ");
    }
  }

  @Test
  void servicesStartInTheOrderThePipelineNeeds() {
    assertThat(dependsOn("generate")).isEmpty();
    Map<String, String> brokersHealthy = new LinkedHashMap<>();
    stack.brokers().forEach(broker -> brokersHealthy.put(broker, "service_healthy"));
    for (String name : STREAMS) {
      assertThat(dependsOn(name)).as(name).isEqualTo(brokersHealthy);
    }
    Map<String, String> producer = new LinkedHashMap<>(brokersHealthy);
    producer.put("generate", "service_completed_successfully");
    assertThat(dependsOn("producer")).isEqualTo(producer);
    // The verifier asks stream-1, which gathers from stream-2: both take part before it starts.
    assertThat(dependsOn("verifier"))
        .isEqualTo(
            Map.of(
                "producer", "service_completed_successfully",
                "stream-1", "service_healthy",
                "stream-2", "service_healthy"));
  }

  @Test
  void producerAndVerifierReadWhatGenerateWritesAndVerifyAStreamInstance() {
    String sample = option("generate", "--out").toString();
    assertThat(option("producer", "--data").toString()).isEqualTo(sample);
    assertThat(option("verifier", "--data").toString()).isEqualTo(sample);
    for (String name : List.of("generate", "producer", "verifier")) {
      String volume = volumeMountedAt(services.path(name), sample);
      assertThat(volume).as(name + " data volume").isEqualTo("data");
    }
    assertThat(compose.path("volumes").has("data")).isTrue();

    String endpoint = option("verifier", "--endpoint").toString();
    Matcher url = Pattern.compile("http://([^:/]+):(\\d+)").matcher(endpoint);
    assertThat(url.matches()).as(endpoint).isTrue();
    assertThat(STREAMS).contains(url.group(1));
    int httpPort = ((HostPort) option(url.group(1), "--http")).port();
    assertThat(Integer.parseInt(url.group(2))).isEqualTo(httpPort);
  }

  @Test
  void overrideExampleMountsYourDataWhereTheDataPathPointsAndSkipsTheSample() {
    String text = DeploymentFiles.read(OVERRIDE_EXAMPLE);
    JsonNode override = DeploymentFiles.readYaml(OVERRIDE_EXAMPLE).path("services");
    Matcher suggested = Pattern.compile("FLOWRANK_DATA_PATH=(\\S+)").matcher(text);
    assertThat(suggested.find()).as("the example says which FLOWRANK_DATA_PATH to set").isTrue();
    String dataPath = suggested.group(1);

    for (String name : List.of("producer", "verifier")) {
      JsonNode service = override.path(name);
      String mount = bindMountAt(service, dataPath);
      assertThat(mount).as(name).startsWith("./").endsWith(":" + dataPath + ":ro");
      // The base file's command, with the variable set as the example says, reads the mount.
      ParseResult parsed = parseService(name, Map.of("FLOWRANK_DATA_PATH", dataPath));
      assertThat(value(parsed.subcommand(), "--data").toString()).isEqualTo(dataPath);
    }
    ParseResult generate = parse(DeploymentFiles.command(override.path("generate"), Map.of()));
    assertThat(generate.isVersionHelpRequested()).as("generate becomes a no-op").isTrue();
    assertThat(fieldNames(override)).allMatch(services::has);
  }

  // --- helpers ---

  private static ParseResult parse(List<String> args) {
    return FlowrankCommand.commandLine().parseArgs(args.toArray(String[]::new));
  }

  /** A service's command parsed by the CLI; a rejected command fails naming the service. */
  private ParseResult parseService(String service, Map<String, String> env) {
    List<String> args = DeploymentFiles.command(services.path(service), env);
    try {
      return parse(args);
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(
          "the command of service " + service + " " + args + " does not parse: " + e.getMessage(),
          e);
    }
  }

  /** The value an option has once parsed: the one given, else its default. */
  private Object option(String service, String option) {
    return value(parseService(service, Map.of()).subcommand(), option);
  }

  private static Object value(ParseResult command, String option) {
    CommandLine.Model.OptionSpec spec = command.commandSpec().findOption(option);
    assertThat(spec).as(command.commandSpec().name() + " has " + option).isNotNull();
    Object value = spec.getValue();
    assertThat(value).as(command.commandSpec().name() + " " + option).isNotNull();
    return value;
  }

  private List<String> healthCheck(String service) {
    JsonNode test = services.path(service).path("healthcheck").path("test");
    assertThat(test.isArray()).as(service + " healthcheck.test").isTrue();
    List<String> parts = new ArrayList<>();
    test.forEach(part -> parts.add(part.asText()));
    assertThat(parts.get(0)).isIn("CMD", "CMD-SHELL");
    return parts;
  }

  private Map<String, String> dependsOn(String service) {
    Map<String, String> conditions = new LinkedHashMap<>();
    JsonNode dependsOn = services.path(service).path("depends_on");
    for (Map.Entry<String, JsonNode> e : dependsOn.properties()) {
      conditions.put(e.getKey(), e.getValue().path("condition").asText());
    }
    return conditions;
  }

  /** The named volume a service mounts at {@code path} or at a parent of it. */
  private static String volumeMountedAt(JsonNode service, String path) {
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.asText().split(":");
      boolean named = !parts[0].startsWith(".") && !parts[0].startsWith("/");
      if (named && Path.of(path).startsWith(Path.of(parts[1]))) {
        return parts[0];
      }
    }
    throw new AssertionError("no named volume holds " + path + " in " + service);
  }

  private static String bindMountAt(JsonNode service, String target) {
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(target)) {
        return volume.asText();
      }
    }
    throw new AssertionError("nothing mounted at " + target + " in " + service);
  }

  private static String text(JsonNode env, String name) {
    assertThat(env.has(name)).as(name + " is set").isTrue();
    return env.path(name).asText();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
