package io.flowrank.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker fault scenarios on the cluster file's three brokers in Docker ({@link
 * ContainerThreeBrokers}): a kill is a real SIGKILL of a broker+controller node. Skipped where no
 * Docker engine answers, failed instead when Docker is required ({@link DockerEngine}). In {@code
 * mvn verify} the leader's kill only (a minute and a half; all four take six minutes on 2 cores):
 * the other three run with {@code -Plong}, and every four in the JVM ({@link
 * EmbeddedClusterFaultTest}).
 */
@ExtendWith(DockerEngine.class)
final class ContainerClusterFaultTest extends BrokerFaultScenarios {

  @Override
  protected ThreeBrokers startCluster(boolean controlledShutdown) throws Exception {
    return ContainerThreeBrokers.start();
  }

  @Test
  @Tag("long")
  @Override
  void killingTheProducersTransactionCoordinatorMidCommitLosesNothing() throws Exception {
    super.killingTheProducersTransactionCoordinatorMidCommitLosesNothing();
  }

  @Test
  @Tag("long")
  @Override
  void aRollingRestartOfTheThreeBrokersDuringAReplayLosesNothing() throws Exception {
    super.aRollingRestartOfTheThreeBrokersDuringAReplayLosesNothing();
  }

  @Test
  @Tag("long")
  @Override
  void aBrokerDownLongerThanTheDeliveryTimeoutEndsExactlyOnce() throws Exception {
    super.aBrokerDownLongerThanTheDeliveryTimeoutEndsExactlyOnce();
  }
}
