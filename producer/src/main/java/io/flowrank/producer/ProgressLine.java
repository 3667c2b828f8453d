package io.flowrank.producer;

import java.time.Duration;
import java.util.Locale;

/** Renders the progress of a replay as text, the same for the terminal and the log. */
public final class ProgressLine {

  /** The number of cells of the bar. */
  public static final int BAR_WIDTH = 20;

  private ProgressLine() {}

  /**
   * The one-line progress: the bar, files done of all files, records and records per second,
   * separated by two spaces, e.g. {@code [#########-----------]} then {@code 23/50 files}, {@code
   * 230,000 records}, {@code 412,000 records/s}.
   */
  public static String render(ReplayProgress progress) {
    int total = progress.filesTotal();
    String totalText = Integer.toString(total);
    double percent = progress.percentRead();
    String line =
        String.format(
            Locale.ROOT,
            "%s  %" + totalText.length() + "d/%s files  %,d records  %,d records/s",
            percent >= 0 ? bar((int) Math.floor(percent), 100) : bar(progress.filesDone(), total),
            progress.filesDone(),
            totalText,
            progress.records(),
            Math.round(progress.recordsPerSecond()));
    // A source sent in several batches: how many, and how far into the input.
    if (progress.batches() != progress.filesDone()) {
      line += String.format(Locale.ROOT, "  %,d batches", progress.batches());
    }
    if (percent >= 0) {
      line += String.format(Locale.ROOT, "  %.0f %% read", Math.floor(percent));
    }
    return line;
  }

  /**
   * A bar of {@link #BAR_WIDTH} cells, {@code #} for the share done (rounded down), {@code -}
   * after.
   */
  public static String bar(int done, int total) {
    int filled =
        total <= 0
            ? BAR_WIDTH
            : (int) Math.min(BAR_WIDTH, (long) BAR_WIDTH * Math.max(0, done) / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
  }

  /** One line per committed batch, for logs: batch, records, rejected, milliseconds. */
  public static String file(FileReport file) {
    return String.format(
        Locale.ROOT,
        "committed %s: %,d records, %,d rejected, %,d ms",
        file.file(),
        file.records(),
        file.rejectedTotal(),
        file.elapsed().toMillis());
  }

  /** The closing line of a replay. */
  public static String summary(ReplayResult result) {
    double seconds = result.elapsed().toNanos() / 1e9;
    long rate = seconds <= 0 ? 0 : Math.round(result.records() / seconds);
    return String.format(
        Locale.ROOT,
        "replay done: %,d files committed%s, %,d skipped (committed earlier), %,d records, %,d"
            + " rejected in %s (%,d records/s)",
        result.filesCommitted(),
        result.batchesCommitted() != result.filesCommitted()
            ? String.format(Locale.ROOT, " (%,d batches)", result.batchesCommitted())
            : "",
        result.filesSkipped(),
        result.records(),
        result.rejected(),
        seconds(result.elapsed()),
        rate);
  }

  private static String seconds(Duration elapsed) {
    return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }
}
