package io.flowrank.it;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The multi-instance scenarios on the official Apache Kafka image in Docker, a fresh container per
 * test; skipped, not failed, where no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
final class ContainerBrokerMultiInstanceTest extends MultiInstanceScenarios {

  @Override
  protected TestKafka startKafka() {
    return TestKafka.inContainer();
  }
}
