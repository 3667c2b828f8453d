package io.flowrank.it;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipeline scenarios on the official Apache Kafka image ({@link TestKafka#KAFKA_IMAGE}) in
 * Docker, a fresh single-node container per test: the broker users run, not the embedded one.
 * Skipped where no Docker engine answers, failed instead when Docker is required ({@link
 * DockerEngine}).
 */
@ExtendWith(DockerEngine.class)
final class ContainerBrokerPipelineTest extends PipelineScenarios {

  @Override
  protected TestKafka startKafka() {
    return TestKafka.inContainer();
  }
}
