package io.flowrank.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowrank.it.deploy.DeploymentFiles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A three-broker KRaft cluster for one test, its brokers configured as in {@code
 * docker-compose.cluster.yml} (read from the file, so the scenarios run on what users start), each
 * of which may be killed, stopped and started again under the pipeline's feet. Two kinds: {@link
 * EmbeddedThreeBrokers} (Kafka's own {@code KafkaClusterTestKit} in this JVM) and {@link
 * ContainerThreeBrokers} (the {@code apache/kafka} image, killed with SIGKILL).
 */
interface ThreeBrokers extends AutoCloseable {

  /** The environment variables that say who and where a broker is, not how the cluster behaves. */
  Set<String> NODE_VARIABLES =
      Set.of(
          "KAFKA_NODE_ID",
          "KAFKA_PROCESS_ROLES",
          "KAFKA_LISTENERS",
          "KAFKA_ADVERTISED_LISTENERS",
          "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
          "KAFKA_CONTROLLER_LISTENER_NAMES",
          "KAFKA_INTER_BROKER_LISTENER_NAME",
          "KAFKA_CONTROLLER_QUORUM_VOTERS",
          "KAFKA_LOG_DIRS");

  /** The bootstrap address of every broker. */
  String bootstrapServers();

  /** The node ids of the brokers. */
  List<Integer> nodeIds();

  /**
   * Ends a broker without a controlled shutdown: its partitions lose their leader until the
   * controller notices it is gone ({@code broker.session.timeout.ms}).
   */
  void kill(int node) throws Exception;

  /** Stops a broker cleanly: a controlled shutdown moves its leaders away first. */
  void stop(int node) throws Exception;

  /** Starts a killed or stopped broker again on its data; returns once the cluster lists it. */
  void start(int node) throws Exception;

  /** What {@link #kill} does on this kind, for the logs. */
  String killMeans();

  /** The environment of service {@code kafka-N} of the cluster file, as compose passes it. */
  static Map<String, String> composeEnvironment(int n) {
    JsonNode env =
        DeploymentFiles.readYaml(DeploymentFiles.CLUSTER_COMPOSE_FILE)
            .path("services")
            .path("kafka-" + n)
            .path("environment");
    if (!env.isObject() || env.isEmpty()) {
      throw new IllegalStateException("no environment for kafka-" + n + " in the cluster file");
    }
    Map<String, String> variables = new LinkedHashMap<>();
    env.properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
    return variables;
  }

  /**
   * The broker properties of the cluster file's behaviour (replication, minimum in-sync replicas,
   * groups), without who and where a node is: the {@code KAFKA_*} variables named as the image's
   * start-up does ({@code KAFKA_MIN_INSYNC_REPLICAS} is {@code min.insync.replicas}; {@code ___} is
   * {@code -}, {@code __} is {@code _}).
   */
  static Map<String, String> clusterSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    composeEnvironment(1)
        .forEach(
            (name, value) -> {
              if (name.startsWith("KAFKA_") && !NODE_VARIABLES.contains(name)) {
                settings.put(propertyName(name), value);
              }
            });
    return settings;
  }

  /** A {@code KAFKA_*} variable's broker property. */
  static String propertyName(String variable) {
    return variable
        .substring("KAFKA_".length())
        .toLowerCase(Locale.ROOT)
        .replace("___", "-")
        .replace("__", "\u0000")
        .replace('_', '.')
        .replace('\u0000', '_');
  }

  /** Waits until the cluster lists broker {@code node} among those that serve. */
  static void awaitListed(String bootstrapServers, int node, Duration timeout) {
    try (Admin admin = admin(bootstrapServers)) {
      await("broker " + node + " listed by the cluster")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                      .map(Node::id)
                      .toList(),
              ids -> ids.contains(node));
    }
  }

  /**
   * Waits until every partition of every topic has all its replicas in sync again: the moment a
   * rolling restart may take down the next broker.
   */
  static void awaitFullyReplicated(String bootstrapServers, Duration timeout) {
    try (Admin admin = admin(bootstrapServers)) {
      await("every partition fully replicated")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                Set<String> topics = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                return admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
              },
              described ->
                  described.values().stream()
                      .map(TopicDescription::partitions)
                      .flatMap(List::stream)
                      .allMatch(ThreeBrokers::fullyReplicated));
    }
  }

  private static boolean fullyReplicated(TopicPartitionInfo partition) {
    return partition.leader() != null && partition.isr().size() == partition.replicas().size();
  }

  static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
  }
}
