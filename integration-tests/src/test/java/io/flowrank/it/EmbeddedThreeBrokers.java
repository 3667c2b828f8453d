package io.flowrank.it;

import java.time.Duration;
import java.util.List;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Three brokers and a quorum of three controllers in this JVM, from Kafka's own cluster test kit
 * ({@link KafkaClusterTestKit}), with the cluster file's settings. Separate broker and controller
 * nodes, not the file's combined ones: the kit's combined nodes of Kafka 4.3.2 stop within seconds
 * on an unexpected UpdateVoter answer. In a JVM a broker cannot be killed, so each cluster is
 * started for one way of going down: without a controlled shutdown ({@link #kill}: the broker
 * leaves no word, the controller notices when its session expires, as after a crash) or with one
 * ({@link #stop}). Either way its log is closed cleanly: a crash mid-write is the container kind's.
 */
final class EmbeddedThreeBrokers implements ThreeBrokers {

  private static final Duration START = Duration.ofMinutes(2);

  private final KafkaClusterTestKit kit;
  private final boolean controlledShutdown;

  private EmbeddedThreeBrokers(KafkaClusterTestKit kit, boolean controlledShutdown) {
    this.kit = kit;
    this.controlledShutdown = controlledShutdown;
  }

  /**
   * Formats and starts the cluster, and returns once every broker serves.
   *
   * @param controlledShutdown whether brokers go down with a controlled shutdown ({@link #stop}) or
   *     without ({@link #kill})
   */
  static EmbeddedThreeBrokers start(boolean controlledShutdown) throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumBrokerNodes(3)
            .setNumControllerNodes(3)
            .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    ThreeBrokers.clusterSettings().forEach(builder::setConfigProp);
    builder.setConfigProp("controlled.shutdown.enable", Boolean.toString(controlledShutdown));
    KafkaClusterTestKit kit = builder.build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception | Error e) {
      kit.close();
      throw e;
    }
    return new EmbeddedThreeBrokers(kit, controlledShutdown);
  }

  @Override
  public String bootstrapServers() {
    return kit.bootstrapServers();
  }

  @Override
  public List<Integer> nodeIds() {
    return kit.brokers().keySet().stream().sorted().toList();
  }

  @Override
  public void kill(int node) {
    if (controlledShutdown) {
      throw new IllegalStateException("this cluster's brokers shut down in a controlled way");
    }
    broker(node).shutdown();
  }

  @Override
  public void stop(int node) {
    if (!controlledShutdown) {
      throw new IllegalStateException("this cluster's brokers shut down without a word");
    }
    broker(node).shutdown();
  }

  @Override
  public void start(int node) {
    broker(node).startup();
    ThreeBrokers.awaitListed(bootstrapServers(), node, START);
  }

  @Override
  public String killMeans() {
    return "an in-JVM broker shut down without a controlled shutdown (its controller stays up)";
  }

  @Override
  public void close() throws Exception {
    kit.close();
  }

  private BrokerServer broker(int node) {
    BrokerServer broker = kit.brokers().get(node);
    if (broker == null) {
      throw new IllegalArgumentException("no broker " + node + " in " + nodeIds());
    }
    return broker;
  }
}
