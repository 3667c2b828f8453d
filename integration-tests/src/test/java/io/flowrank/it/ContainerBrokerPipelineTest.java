package io.flowrank.it;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The pipeline scenarios on the official Apache Kafka image ({@link TestKafka#KAFKA_IMAGE}) in
 * Docker, a fresh single-node container per test: the broker users run, not the embedded one.
 * Skipped, not failed, where no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
final class ContainerBrokerPipelineTest extends PipelineScenarios {

  @Override
  protected TestKafka startKafka() {
    return TestKafka.inContainer();
  }
}
