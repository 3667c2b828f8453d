package io.flowrank.producer;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress for a terminal: one line rewritten in place with {@code \r} after each batch, then the
 * summary on a line of its own.
 */
public final class TerminalProgress implements ProgressListener {

  private final PrintStream out;
  private int lastLength;

  public TerminalProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void started(int totalFiles, int skippedFiles) {
    show(new ReplayProgress(skippedFiles, totalFiles, 0, 0, Duration.ZERO));
  }

  @Override
  public void fileCommitted(FileReport file, ReplayProgress progress) {
    show(progress);
  }

  @Override
  public void finished(ReplayResult result) {
    out.print(System.lineSeparator());
    out.println(ProgressLine.summary(result));
    out.flush();
  }

  @Override
  public void stopped(ReplayProgress progress) {
    // Ends the in-place line so that what is printed next starts on a fresh one.
    out.print(System.lineSeparator());
    out.flush();
  }

  private void show(ReplayProgress progress) {
    String line = ProgressLine.render(progress);
    // Blanks out what is left of a longer previous line.
    String padding = " ".repeat(Math.max(0, lastLength - line.length()));
    out.print("\r" + line + padding);
    out.flush();
    lastLength = line.length();
  }
}
