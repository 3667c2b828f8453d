package io.flowrank.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusLineTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalTheLineIsRewrittenCutAndFinallyCleared() {
    StatusLine line = new StatusLine(out, true);

    line.show("x".repeat(200));
    line.show("short");
    line.end();

    String[] frames = output().split("\r", -1);
    assertThat(frames[1]).hasSize(StatusLine.TERMINAL_WIDTH).endsWith("...");
    assertThat(frames[2]).hasSize(StatusLine.TERMINAL_WIDTH).isEqualTo(padded("short"));
    assertThat(frames[3]).isBlank().hasSize("short".length());
    assertThat(frames).hasSize(5);
    assertThat(output()).doesNotContain("\n");
  }

  @Test
  void elsewhereTheFirstStatusIsALineAndControlCharactersAreEscaped() {
    StatusLine line = new StatusLine(out, false);

    line.show("not ready: a\u001b[2Jb");
    line.end();

    assertThat(output()).isEqualTo("not ready: a\\u001b[2Jb" + System.lineSeparator());
  }

  private static String padded(String text) {
    return text + " ".repeat(StatusLine.TERMINAL_WIDTH - text.length());
  }
}
