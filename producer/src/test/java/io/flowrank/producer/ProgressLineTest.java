package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.rules.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void rendersBarFilesRecordsAndRate() {
    // 230,000 records in 0.558252427 s: 412,000 records/s
    ReplayProgress progress = new ReplayProgress(23, 50, 230_000, 0, Duration.ofNanos(558_252_427));

    assertThat(ProgressLine.render(progress))
        .isEqualTo("[#########-----------]  23/50 files  230,000 records  412,000 records/s");
  }

  @Test
  void padsTheFileCountToTheWidthOfTheTotal() {
    ReplayProgress progress = new ReplayProgress(7, 120, 70_000, 0, Duration.ofSeconds(1));

    assertThat(ProgressLine.render(progress))
        .isEqualTo("[#-------------------]    7/120 files  70,000 records  70,000 records/s");
  }

  @Test
  void barIsEmptyAtTheStartAndFullAtTheEnd() {
    assertThat(ProgressLine.bar(0, 50)).isEqualTo("[--------------------]");
    assertThat(ProgressLine.bar(49, 50)).isEqualTo("[###################-]");
    assertThat(ProgressLine.bar(50, 50)).isEqualTo("[####################]");
    assertThat(ProgressLine.bar(0, 0)).isEqualTo("[####################]");
    assertThat(ProgressLine.bar(60, 50)).isEqualTo("[####################]");
    assertThat(ProgressLine.bar(-1, 50)).isEqualTo("[--------------------]");
  }

  @Test
  void noTimeMeansNoRate() {
    ReplayProgress progress = new ReplayProgress(3, 50, 0, 0, Duration.ZERO);

    assertThat(progress.recordsPerSecond()).isZero();
    assertThat(ProgressLine.render(progress)).endsWith("  0 records  0 records/s");
  }

  @Test
  void fileLineSaysFileRecordsRejectedAndMilliseconds() {
    FileReport report =
        new FileReport(
            "time_07.json",
            10_000,
            10,
            Map.of(RejectReason.TOO_LARGE, 2L),
            1_234_567,
            Duration.ofMillis(85));

    assertThat(ProgressLine.file(report))
        .isEqualTo("committed time_07.json: 10,000 records, 2 rejected, 85 ms");
  }

  @Test
  void summarySaysEverything() {
    ReplayResult result = new ReplayResult(47, 3, 470_000, 12, Duration.ofMillis(2_350));

    assertThat(ProgressLine.summary(result))
        .isEqualTo(
            "replay done: 47 files committed, 3 skipped (committed earlier), 470,000 records,"
                + " 12 rejected in 2.4 s (200,000 records/s)");
  }

  @Test
  void terminalProgressRewritesOneLineThenPrintsTheSummary() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalProgress terminal =
        new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    FileReport file = new FileReport("f", 1_000, 1, Map.of(), 10, Duration.ofMillis(5));

    terminal.started(10, 2);
    terminal.fileCommitted(file, new ReplayProgress(3, 10, 1_000, 0, Duration.ofSeconds(1)));
    terminal.finished(new ReplayResult(1, 2, 1_000, 0, Duration.ofSeconds(1)));

    String out = bytes.toString(StandardCharsets.UTF_8);
    String[] updates = out.split("\r", -1);
    assertThat(updates[0]).isEmpty();
    assertThat(updates).hasSize(3);
    assertThat(updates[1]).isEqualTo("[####----------------]   2/10 files  0 records  0 records/s");
    // The second line is longer, so it needs no padding; it ends where the summary begins.
    assertThat(updates[2])
        .startsWith("[######--------------]   3/10 files  1,000 records  1,000 records/s")
        .contains(System.lineSeparator() + "replay done: 1 files committed, 2 skipped")
        .endsWith(System.lineSeparator());
  }

  @Test
  void terminalProgressBlanksWhatALongerPreviousLineLeft() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalProgress terminal =
        new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    FileReport file = new FileReport("f", 0, 0, Map.of(), 0, Duration.ZERO);

    terminal.fileCommitted(file, new ReplayProgress(1, 10, 123_456_789, 0, Duration.ofSeconds(1)));
    terminal.fileCommitted(file, new ReplayProgress(2, 10, 5, 0, Duration.ofSeconds(1)));
    terminal.stopped(new ReplayProgress(2, 10, 5, 0, Duration.ofSeconds(1)));

    String[] updates = bytes.toString(StandardCharsets.UTF_8).split("\r", -1);
    assertThat(updates).hasSize(3);
    String first = updates[1];
    String second = updates[2].substring(0, updates[2].length() - System.lineSeparator().length());
    assertThat(second)
        .hasSameSizeAs(first)
        .startsWith("[####----------------]   2/10 files  5 records");
    assertThat(second.stripTrailing())
        .isEqualTo(ProgressLine.render(new ReplayProgress(2, 10, 5, 0, Duration.ofSeconds(1))));
  }
}
