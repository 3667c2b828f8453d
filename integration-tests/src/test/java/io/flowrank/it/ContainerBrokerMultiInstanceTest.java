package io.flowrank.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The multi-instance scenarios on the official Apache Kafka image in Docker, a fresh container per
 * test; skipped where no Docker engine answers, failed instead when Docker is required ({@link
 * DockerEngine}).
 */
@ExtendWith(DockerEngine.class)
final class ContainerBrokerMultiInstanceTest extends MultiInstanceScenarios {

  @Override
  protected TestKafka startKafka() {
    return TestKafka.inContainer();
  }
}
