package io.flowrank.streams.topology;

import io.flowrank.core.rules.WebPorts;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the topology: a {@link DrivenTopology} of its own for each test, closed after it. */
abstract class TopologyTestBase {

  @TempDir Path stateDir;

  DrivenTopology topology;

  @BeforeEach
  void start() {
    topology = DrivenTopology.start(stateDir);
  }

  @AfterEach
  void stop() {
    topology.close();
  }

  /** A topology counting these ports instead, from nothing. */
  void restartWith(WebPorts ports) {
    topology.close();
    topology = DrivenTopology.start(stateDir, ports);
  }
}
