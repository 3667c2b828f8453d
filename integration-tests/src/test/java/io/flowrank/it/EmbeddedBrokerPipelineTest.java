package io.flowrank.it;

import io.flowrank.cli.broker.EmbeddedKafkaBroker;
import java.io.IOException;

/**
 * The pipeline scenarios on the embedded KRaft broker of {@code ./flowrank broker} and {@code
 * ./flowrank demo}: a fresh broker with a temporary data folder for each test (it starts in one to
 * two seconds, so isolation costs little), deleted when the test ends.
 */
final class EmbeddedBrokerPipelineTest extends PipelineScenarios {

  @Override
  protected TestKafka startKafka() throws IOException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
    return new TestKafka(broker.bootstrapServers(), broker::close);
  }
}
