package io.flowrank.verifier;

import io.flowrank.core.text.TerminalText;
import java.io.PrintStream;

/**
 * The one status line shown while the verifier waits. On a terminal it is rewritten in place with
 * {@code \r}, cut to {@link #TERMINAL_WIDTH} columns so it never wraps; elsewhere (a log, a pipe) a
 * line is printed at most every {@link #MIN_GAP_NANOS}, and then only when the text changed or a
 * while passed, so a long wait leaves a short log.
 */
final class StatusLine {

  /** The narrowest common terminal, less one column so the cursor does not wrap either. */
  static final int TERMINAL_WIDTH = 79;

  static final long MIN_GAP_NANOS = 5_000_000_000L;
  static final long REPEAT_NANOS = 30_000_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private String last;
  private long lastPrinted;
  private int shownWidth;

  StatusLine(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  void show(String status) {
    long now = System.nanoTime();
    String text = TerminalText.escape(status);
    if (interactive) {
      if (text.length() > TERMINAL_WIDTH) {
        text = text.substring(0, TERMINAL_WIDTH - 3) + "...";
      }
      out.print("\r" + text + " ".repeat(Math.max(0, shownWidth - text.length())));
      out.flush();
      shownWidth = text.length();
      return;
    }
    boolean first = last == null;
    long since = now - lastPrinted;
    boolean due = since >= MIN_GAP_NANOS && (!text.equals(last) || since >= REPEAT_NANOS);
    if (first || due) {
      out.println(text);
      out.flush();
      last = text;
      lastPrinted = now;
    }
  }

  /** Clears the line on a terminal, so the report starts on a clean one. */
  void end() {
    if (interactive && shownWidth > 0) {
      out.print("\r" + " ".repeat(shownWidth) + "\r");
      out.flush();
      shownWidth = 0;
    }
  }
}
