package io.flowrank.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.rules.RejectReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayLogTest {

  private static ReplayLogEntry entry(String file, long records) {
    return new ReplayLogEntry(
        file, records, 1, records * 100, "0f".repeat(32), Map.of(RejectReason.TOO_LARGE, 1L));
  }

  @Test
  void collectsEntriesByBatchName() {
    ReplayLog log = new ReplayLog();

    log.apply("a.json", entry("a.json", 10).toJson());
    log.apply("b.json", entry("b.json", 20).toJson());

    assertThat(log.entries())
        .containsOnlyKeys("a.json", "b.json")
        .containsEntry("a.json", entry("a.json", 10))
        .containsEntry("b.json", entry("b.json", 20));
  }

  @Test
  void theLatestEntryOfAFileWins() {
    ReplayLog log = new ReplayLog();

    log.apply("a.json", entry("a.json", 10).toJson());
    log.apply("a.json", entry("a.json", 11).toJson());

    assertThat(log.entries()).containsExactlyEntriesOf(Map.of("a.json", entry("a.json", 11)));
  }

  @Test
  void aTombstoneForgetsTheFile() {
    ReplayLog log = new ReplayLog();

    log.apply("a.json", entry("a.json", 10).toJson());
    log.apply("b.json", entry("b.json", 20).toJson());
    log.apply("a.json", null);

    assertThat(log.entries()).containsOnlyKeys("b.json");
  }

  @Test
  void keylessRecordsAreIgnored() {
    ReplayLog log = new ReplayLog();

    log.apply(null, entry("a.json", 10).toJson());

    assertThat(log.entries()).isEmpty();
  }

  @Test
  void anUnreadableEntryIsAnError() {
    ReplayLog log = new ReplayLog();

    assertThatThrownBy(() -> log.apply("a.json", "not json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replay-log entry");
  }

  @Test
  void entriesAreACopy() {
    ReplayLog log = new ReplayLog();
    log.apply("a.json", entry("a.json", 10).toJson());
    Map<String, ReplayLogEntry> before = log.entries();

    log.apply("b.json", entry("b.json", 20).toJson());

    assertThat(before).containsOnlyKeys("a.json");
  }
}
