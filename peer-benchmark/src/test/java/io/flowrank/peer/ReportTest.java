package io.flowrank.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static final Machine MACHINE = new Machine("a CPU", 2, "Java 17", "Linux");

  @TempDir Path results;

  @Test
  void mediansAndFlowrankSpeedPerSparkRun() throws IOException {
    write(PeerSystem.FLOWRANK, 1, 10, true);
    write(PeerSystem.FLOWRANK, 2, 12, true);
    write(PeerSystem.FLOWRANK, 3, 8, true);
    for (int round = 1; round <= 3; round++) {
      write(PeerSystem.SPARK_SS_FILES, round, 10 + 5 * round, true);
      write(PeerSystem.SPARK_BATCH, round, 20, true);
      write(PeerSystem.SPARK_SS_KAFKA, round, 40, true);
    }

    Report.Summary summary = Report.of(results, 1_000_000, 50, 3, MACHINE);

    Report.SystemFigures flowrank = summary.systems().get(0);
    assertThat(flowrank.medianSeconds()).isEqualTo(10.0);
    assertThat(flowrank.medianRowsPerSecond()).isEqualTo(100_000.0);
    // Spark SS, files: 15, 20, 25 s; its median 20 s is 50,000 rows/s, flowrank's 100,000.
    assertThat(summary.flowrankSpeed().get(PeerSystem.SPARK_SS_FILES)).isEqualTo(2.0);
    assertThat(summary.flowrankSpeed().get(PeerSystem.SPARK_SS_KAFKA)).isEqualTo(4.0);
    assertThat(summary.correct()).isTrue();
    assertThat(Report.table(summary))
        .anyMatch(line -> line.startsWith("flowrank ÷ Spark SS, files") && line.contains("2.00×"))
        .last()
        .isEqualTo("every run found the true count of every device");
  }

  @Test
  void aMissingOrWrongRunMakesTheBenchmarkWrong() throws IOException {
    write(PeerSystem.FLOWRANK, 1, 10, true);
    write(PeerSystem.SPARK_SS_FILES, 1, 20, false);
    write(PeerSystem.SPARK_BATCH, 1, 20, true);
    // No result for Spark SS on Kafka: its run failed before writing one.
    new RunResult(PeerSystem.SPARK_SS_KAFKA, 2, Double.NaN, false, 0, 0, 0, "not caught up")
        .write(results.resolve("round-2-untimed.json"));

    Report.Summary summary = Report.of(results, 1_000_000, 50, 2, MACHINE);

    assertThat(summary.correct()).isFalse();
    assertThat(summary.systems().get(3).medianSeconds()).isNull();
    assertThat(summary.flowrankSpeed()).doesNotContainKey(PeerSystem.SPARK_SS_KAFKA);
    assertThat(Report.table(summary))
        .contains(
            "WRONG: Spark SS, files, round 1: a note",
            "WRONG: Spark SS, Kafka topic, round 2: not caught up")
        .anyMatch(line -> line.startsWith("WRONG: Spark SS, Kafka topic, round 1: no result"));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Report.median(java.util.stream.Stream.of(4.0, null, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Report.median(java.util.stream.Stream.of((Double) null))).isNull();
  }

  private void write(PeerSystem system, int round, double seconds, boolean correct)
      throws IOException {
    new RunResult(system, round, seconds, correct, 3, 30, 0, "a note")
        .write(results.resolve("round-" + round + "-" + system + ".json"));
  }
}
