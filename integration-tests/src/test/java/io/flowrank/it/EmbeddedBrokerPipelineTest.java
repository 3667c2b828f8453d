package io.flowrank.it;

import io.flowrank.core.kafka.FlowFrame;
import java.io.IOException;
import org.junit.jupiter.api.Test;

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

  // Frames of many lines as text (--frames lines), as another consumer of flows may want them: the
  // same scenarios as the judged frames' (the default), here only, since what they add is the
  // streams app's reading of text frames, not anything of the broker's.

  @Test
  void framesOfLinesAsTheyCameEndEqualToTheBatchCountToo() throws Exception {
    acceptance(FlowFrame.DEFAULT_TEXT_LINES_PER_RECORD, FlowFrame.Form.LINES);
  }

  @Test
  void hostileLinesInFramesOfTextAreRejectedTheSameWay() throws Exception {
    hostile(FlowFrame.DEFAULT_TEXT_LINES_PER_RECORD, FlowFrame.Form.LINES);
  }
}
