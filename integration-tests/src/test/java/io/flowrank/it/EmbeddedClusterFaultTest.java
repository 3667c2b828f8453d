package io.flowrank.it;

/**
 * The broker fault scenarios on three brokers in this JVM ({@link EmbeddedThreeBrokers}, Kafka's
 * own cluster test kit): the embedded counterpart of {@link ContainerClusterFaultTest}.
 */
final class EmbeddedClusterFaultTest extends BrokerFaultScenarios {

  @Override
  protected ThreeBrokers startCluster(boolean controlledShutdown) throws Exception {
    return EmbeddedThreeBrokers.start(controlledShutdown);
  }
}
