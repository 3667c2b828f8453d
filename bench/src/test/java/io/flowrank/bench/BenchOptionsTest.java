package io.flowrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.command.UserInputException;
import io.flowrank.producer.ProducerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options of the phases of issues 20 and 21: refused before anything starts when wrong. */
class BenchOptionsTest {

  private static BenchCommand bench(String... arguments) {
    BenchCommand bench = new BenchCommand(new Launcher("io.flowrank.Main", command -> List.of()));
    new CommandLine(bench).parseArgs(arguments);
    return bench;
  }

  @Test
  void theStreamsAppsRunWithTheirOwnDefaultWindowUnlessTold() {
    assertThat(bench().streamWindow).isEqualTo("1h");
    assertThat(bench("--stream-window", "off").streamWindow).isEqualTo("off");
    assertThat(bench().sustainableSeconds).isEqualTo(10);
    assertThat(bench().sustainableFileRows).isEqualTo(10_000);
    // (d): clients on a schedule, the ingest at 80 % of (h)'s sustainable throughput unless told.
    assertThat(bench().topIntervalMillis).isEqualTo(50);
    assertThat(bench().topRate).isNegative();
    assertThat(bench("--top-rate", "0").topRate).isZero();
  }

  @Test
  void wrongPhaseOptionsAreRefusedWithAMessage() {
    assertThatThrownBy(() -> bench("--only", "pipeline").call())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("recovery and sustainable");
    assertThatThrownBy(() -> bench("--only", "sustainable", "--skip-sustainable").call())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("leave nothing to run");
    assertThatThrownBy(() -> bench("--stream-window", "1 hour").call())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--stream-window");
    // A file of more lines than a batch would be paced by batches, not by files.
    String batch = Integer.toString(ProducerSettings.DEFAULT_ROWS_PER_BATCH);
    assertThatThrownBy(() -> bench("--sustainable-file-rows", batch).call())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--sustainable-file-rows");
    assertThatThrownBy(() -> bench("--sustainable-seconds", "0").call())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--sustainable-seconds");
    assertThatThrownBy(() -> bench("--top-interval", "-1").call())
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--top-interval");
  }
}
