package io.flowrank.it;

import java.io.IOException;

/** The multi-instance scenarios on the embedded KRaft broker, a fresh one per test. */
final class EmbeddedBrokerMultiInstanceTest extends MultiInstanceScenarios {

  @Override
  protected TestKafka startKafka() throws IOException {
    return TestKafka.embedded();
  }
}
