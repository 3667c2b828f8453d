package io.flowrank.core.text;

import java.util.Locale;

/**
 * Text from outside (device names from the input, a server's words) made safe for a terminal:
 * control and format characters (newlines, escape sequences, bidi overrides) become visible
 * {@code \n}, {@code \t} or {@code \\uXXXX} instead of acting.
 */
public final class TerminalText {

  private TerminalText() {}

  /** {@code value} with its control and format characters escaped; the rest as it is. */
  public static String escape(String value) {
    StringBuilder sb = null;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      String replacement = null;
      if (cp == '\n') {
        replacement = "\\n";
      } else if (cp == '\r') {
        replacement = "\\r";
      } else if (cp == '\t') {
        replacement = "\\t";
      } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        replacement = String.format(Locale.ROOT, "\\u%04x", cp);
      }
      if (replacement != null && sb == null) {
        sb = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (sb != null) {
        if (replacement != null) {
          sb.append(replacement);
        } else {
          sb.appendCodePoint(cp);
        }
      }
      i += Character.charCount(cp);
    }
    return sb == null ? value : sb.toString();
  }

  /**
   * {@code text} on one line (runs of white space made one space), escaped, and cut to {@code
   * maxChars} followed by "..." when longer: fit to quote in a message.
   */
  public static String abbreviate(String text, int maxChars) {
    String oneLine = escape(text.strip().replaceAll("\\s+", " "));
    return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars) + "...";
  }
}
