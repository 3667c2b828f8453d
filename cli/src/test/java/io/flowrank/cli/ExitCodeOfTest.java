package io.flowrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.command.ExitCode;
import io.flowrank.producer.InputTakenOverException;
import io.flowrank.producer.ReplayException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

/** The exit code of a command's failure (docs/design.md §5, "Exit codes"). */
class ExitCodeOfTest {

  @Test
  void aProducerTakenOverByAnotherExitsWithItsOwnCode() {
    ReplayException takenOver =
        new InputTakenOverException(
            "another producer took over this input", new ProducerFencedException("fenced"));

    assertThat(FlowrankCommand.exitCodeOf(takenOver)).isEqualTo(ExitCode.TAKEN_OVER).isEqualTo(4);
  }

  @Test
  void anyOtherReplayFailureIsARuntimeFailure() {
    assertThat(FlowrankCommand.exitCodeOf(new ReplayException("cannot reach the cluster", null)))
        .isEqualTo(ExitCode.FAILURE);
  }
}
