package io.flowrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.kafka.ReplayLogEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a replay sent, by the replay log: whole files and files sent in batches. */
class ReplayMeterTest {

  private static ReplayLogEntry batch(String source, int number, long records, boolean last) {
    String key = ReplayLogEntry.batchKey(source, number);
    return new ReplayLogEntry(
        key, records, records / 1000 + 1, records * 60, "", Map.of(), source, number, 1, records,
        last, 1_000, 0);
  }

  @Test
  void sumsEveryBatchOfTheReplayedFilesOnly() {
    List<ReplayLogEntry> log =
        List.of(
            batch("netflow_day-03.bz2", 1, 100_000, false),
            batch("netflow_day-03.bz2", 2, 100_000, false),
            batch("netflow_day-03.bz2", 3, 5, true),
            new ReplayLogEntry("time_01.json", 10_000, 10, 1, "", Map.of()),
            new ReplayLogEntry("other.json", 7, 1, 1, "", Map.of()));

    ReplayMeter.Sent sent =
        ReplayMeter.Sent.of(log, List.of("netflow_day-03.bz2", "time_01.json"));

    assertThat(sent.rows()).isEqualTo(210_005);
    assertThat(sent.records()).isEqualTo(101 + 101 + 1 + 10);
  }

  @Test
  void aFileWhoseLastBatchIsMissingIsAnError() {
    List<ReplayLogEntry> log = List.of(batch("netflow_day-03.gz", 1, 100_000, false));

    assertThatThrownBy(() -> ReplayMeter.Sent.of(log, List.of("netflow_day-03.gz")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("netflow_day-03.gz");
  }
}
