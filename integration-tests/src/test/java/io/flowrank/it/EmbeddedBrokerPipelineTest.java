package io.flowrank.it;

import java.io.IOException;

/**
 * The pipeline scenarios on the embedded KRaft broker of {@code ./flowrank broker} and {@code
 * ./flowrank demo}: a fresh broker with a temporary data folder for each test (it starts in one to
 * two seconds, so isolation costs little), deleted when the test ends.
 */
final class EmbeddedBrokerPipelineTest extends PipelineScenarios {

  @Override
  protected TestKafka startKafka() throws IOException {
    return TestKafka.embedded();
  }
}
