package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.producer.ReplayPlan.Action;
import io.flowrank.producer.ReplayPlan.Decision;
import io.flowrank.producer.ReplayPlan.InputFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

  private static InputFile file(String name, long bytes) {
    return new InputFile(Path.of("data", name), bytes);
  }

  private static ReplayLogEntry committed(String name, long bytes) {
    return new ReplayLogEntry(name, 10, 1, bytes, "ab".repeat(32), Map.of());
  }

  @Test
  void anEmptyLogReplaysEverythingInOrder() {
    List<InputFile> files = List.of(file("time_2.json", 5), file("time_10.json", 7));

    ReplayPlan plan = ReplayPlan.decide(files, Map.of());

    assertThat(sent(plan)).containsExactlyElementsOf(files);
    assertThat(plan.skipped()).isEmpty();
  }

  @Test
  void committedFilesAreSkippedAndTheRestReplayedInOrder() {
    List<InputFile> files =
        List.of(file("time_1.json", 100), file("time_2.json", 200), file("time_3.json", 300));
    Map<String, ReplayLogEntry> log = Map.of("time_2.json", committed("time_2.json", 200));

    ReplayPlan plan = ReplayPlan.decide(files, log);

    assertThat(sent(plan)).containsExactly(files.get(0), files.get(2));
    assertThat(plan.skipped())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.file()).isEqualTo(files.get(1));
              assertThat(d.action()).isEqualTo(Action.SKIP_COMMITTED);
              assertThat(d.committed()).isEqualTo(log.get("time_2.json"));
            });
    assertThat(plan.decisions())
        .extracting(Decision::action)
        .containsExactly(Action.REPLAY, Action.SKIP_COMMITTED, Action.REPLAY);
  }

  @Test
  void aCommittedFileThatChangedIsFlaggedButStillSkipped() {
    List<InputFile> files = List.of(file("time_1.json", 150));

    ReplayPlan plan =
        ReplayPlan.decide(files, Map.of("time_1.json", committed("time_1.json", 100)));

    assertThat(sent(plan)).isEmpty();
    assertThat(plan.skipped()).extracting(Decision::action).containsExactly(Action.SKIP_CHANGED);
  }

  @Test
  void filesAreMatchedByBatchNameWhateverTheirFolder() {
    List<InputFile> files = List.of(new InputFile(Path.of("elsewhere", "x", "time_1.json"), 100));

    ReplayPlan plan =
        ReplayPlan.decide(files, Map.of("time_1.json", committed("time_1.json", 100)));

    assertThat(plan.skipped()).extracting(Decision::action).containsExactly(Action.SKIP_COMMITTED);
  }

  @Test
  void entriesOfFilesNotInTheInputChangeNothing() {
    List<InputFile> files = List.of(file("b.json", 1));

    ReplayPlan plan =
        ReplayPlan.decide(
            files, Map.of("a.json", committed("a.json", 1), "c.json", committed("c.json", 1)));

    assertThat(sent(plan)).containsExactlyElementsOf(files);
    assertThat(plan.decisions()).hasSize(1);
  }

  @Test
  void aDecisionIsConsistent() {
    InputFile f = file("a", 1);
    assertThatThrownBy(() -> new Decision(f, Action.REPLAY, committed("a", 1), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Decision(f, Action.SKIP_COMMITTED, null, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ReplayLogEntry batch(String source, int number, long lastLine, boolean last) {
    return new ReplayLogEntry(
        ReplayLogEntry.batchKey(source, number),
        10,
        1,
        1000,
        "cd".repeat(32),
        Map.of(),
        source,
        number,
        lastLine - 9,
        lastLine,
        last,
        5000,
        0);
  }

  @Test
  void aSourceCutShortResumesAfterItsLastCommittedBatch() {
    List<InputFile> files = List.of(file("day.csv.bz2", 5000));
    Map<String, ReplayLogEntry> log =
        Map.of(
            "day.csv.bz2#1", batch("day.csv.bz2", 1, 10, false),
            "day.csv.bz2#2", batch("day.csv.bz2", 2, 20, false));

    Decision decision = ReplayPlan.decide(files, log).decisions().get(0);

    assertThat(decision.action()).isEqualTo(Action.RESUME);
    assertThat(decision.resumeAfterLine()).isEqualTo(20);
    assertThat(decision.nextBatch()).isEqualTo(3);
    assertThat(decision.skipped()).isFalse();
  }

  @Test
  void aSourceWhoseLastBatchIsCommittedIsSkippedAndAGapIsNeverJumped() {
    InputFile day = file("day.csv.bz2", 5000);
    Map<String, ReplayLogEntry> done =
        Map.of(
            "day.csv.bz2#1", batch("day.csv.bz2", 1, 10, false),
            "day.csv.bz2#2", batch("day.csv.bz2", 2, 15, true));
    assertThat(ReplayPlan.decide(List.of(day), done).decisions().get(0).action())
        .isEqualTo(Action.SKIP_COMMITTED);
    assertThat(
            ReplayPlan.decide(List.of(file("day.csv.bz2", 6000)), done)
                .decisions()
                .get(0)
                .action())
        .isEqualTo(Action.SKIP_CHANGED);

    // Batch 2 missing: batches commit in order, so only batch 1 counts.
    Map<String, ReplayLogEntry> gap =
        Map.of(
            "day.csv.bz2#1", batch("day.csv.bz2", 1, 10, false),
            "day.csv.bz2#3", batch("day.csv.bz2", 3, 30, true));
    Decision decision = ReplayPlan.decide(List.of(day), gap).decisions().get(0);
    assertThat(decision.action()).isEqualTo(Action.RESUME);
    assertThat(decision.resumeAfterLine()).isEqualTo(10);
    assertThat(decision.nextBatch()).isEqualTo(2);
  }

  @Test
  void standardInputIsASourceByItsNameWithoutASize() {
    InputFile stdin = InputFile.stdin("day03");
    assertThat(stdin.isStdin()).isTrue();
    assertThat(stdin.bytes()).isEqualTo(-1);
    Map<String, ReplayLogEntry> log = Map.of("day03", committed("day03", 123));

    // A size of -1 is never "changed".
    assertThat(ReplayPlan.decide(List.of(stdin), log).decisions().get(0).action())
        .isEqualTo(Action.SKIP_COMMITTED);
  }

  /** The sources a plan sends, in order. */
  private static List<InputFile> sent(ReplayPlan plan) {
    return plan.toSend().stream().map(Decision::file).toList();
  }
}
