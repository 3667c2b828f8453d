package io.flowrank.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker fault scenarios on the cluster file's three brokers in Docker ({@link
 * ContainerThreeBrokers}): a kill is a real SIGKILL of a broker+controller node. Skipped where no
 * Docker engine answers, failed instead when Docker is required ({@link DockerEngine}).
 */
@ExtendWith(DockerEngine.class)
final class ContainerClusterFaultTest extends BrokerFaultScenarios {

  @Override
  protected ThreeBrokers startCluster(boolean controlledShutdown) throws Exception {
    return ContainerThreeBrokers.start();
  }
}
