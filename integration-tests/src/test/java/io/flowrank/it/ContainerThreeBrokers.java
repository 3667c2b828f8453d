package io.flowrank.it;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The cluster file's three brokers as containers of the official image on one Docker network, each
 * with the file's environment (its name, {@code kafka-N}, as network alias: the quorum voters and
 * listeners of the file resolve as in compose) plus one listener for this JVM's clients on a fixed
 * host port, so a broker restarted on its container keeps its address. {@link #kill} is {@code
 * docker kill} (SIGKILL), {@link #stop} {@code docker stop} (SIGTERM: a controlled shutdown).
 */
final class ContainerThreeBrokers implements ThreeBrokers {

  private static final List<Integer> NODES = List.of(1, 2, 3);
  private static final int HOST_LISTENER_PORT = 9094;
  private static final Duration START = Duration.ofMinutes(3);
  private static final int STOP_SECONDS = 60;

  private final Network network;
  private final Map<Integer, GenericContainer<?>> brokers;
  private final String bootstrapServers;

  private ContainerThreeBrokers(
      Network network, Map<Integer, GenericContainer<?>> brokers, String bootstrapServers) {
    this.network = network;
    this.brokers = brokers;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts the three containers at once (a quorum needs two of them) and waits for each. */
  static ContainerThreeBrokers start() throws Exception {
    Network network = Network.newNetwork();
    Map<Integer, GenericContainer<?>> brokers = new LinkedHashMap<>();
    List<String> addresses = new ArrayList<>();
    for (int node : NODES) {
      int hostPort = FlowrankProcess.freePort();
      String address = "localhost:" + hostPort;
      addresses.add(address);
      brokers.put(node, broker(node, network, hostPort, address));
    }
    ContainerThreeBrokers cluster =
        new ContainerThreeBrokers(network, brokers, String.join(",", addresses));
    try {
      Startables.deepStart(brokers.values()).get(START.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  @SuppressWarnings("resource") // closed by close()
  private static GenericContainer<?> broker(
      int node, Network network, int hostPort, String address) {
    String alias = "kafka-" + node;
    Map<String, String> env = ThreeBrokers.composeEnvironment(node);
    env.put("KAFKA_LISTENERS", env.get("KAFKA_LISTENERS") + ",HOST://:" + HOST_LISTENER_PORT);
    env.put(
        "KAFKA_ADVERTISED_LISTENERS", env.get("KAFKA_ADVERTISED_LISTENERS") + ",HOST://" + address);
    env.put(
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
        env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP") + ",HOST:PLAINTEXT");
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(TestKafka.KAFKA_IMAGE))
            .withNetwork(network)
            .withNetworkAliases(alias)
            .withCreateContainerCmdModifier(cmd -> cmd.withHostName(alias))
            .withEnv(env)
            .withExposedPorts(HOST_LISTENER_PORT)
            .waitingFor(
                Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(START));
    container.setPortBindings(List.of(hostPort + ":" + HOST_LISTENER_PORT));
    return container;
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public List<Integer> nodeIds() {
    return NODES;
  }

  @Override
  public void kill(int node) {
    docker().killContainerCmd(id(node)).withSignal("KILL").exec();
  }

  @Override
  public void stop(int node) {
    docker().stopContainerCmd(id(node)).withTimeout(STOP_SECONDS).exec();
  }

  @Override
  public void start(int node) {
    docker().startContainerCmd(id(node)).exec();
    ThreeBrokers.awaitListed(bootstrapServers, node, START);
  }

  @Override
  public String killMeans() {
    return "docker kill (SIGKILL) of a broker+controller container";
  }

  @Override
  public void close() {
    try {
      brokers.values().forEach(GenericContainer::stop);
    } finally {
      network.close();
    }
  }

  private String id(int node) {
    GenericContainer<?> broker = brokers.get(node);
    if (broker == null) {
      throw new IllegalArgumentException("no broker " + node + " in " + NODES);
    }
    return broker.getContainerId();
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }
}
