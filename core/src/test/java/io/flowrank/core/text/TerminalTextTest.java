package io.flowrank.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

  @Test
  void controlAndFormatCharactersBecomeVisible() {
    assertThat(TerminalText.escape("a\nb\r\tc\u001b[2Jd\u202ee\u0000"))
        .isEqualTo("a\\nb\\r\\tc\\u001b[2Jd\\u202ee\\u0000");
  }

  @Test
  void printableTextIsKeptAsItIs() {
    String text = "Compé <img> 😀 a\\b";
    assertThat(TerminalText.escape(text)).isSameAs(text);
  }

  @Test
  void abbreviatingMakesOneLineAndCuts() {
    assertThat(TerminalText.abbreviate("  not\n\tready  ", 300)).isEqualTo("not ready");
    assertThat(TerminalText.abbreviate("abcdef", 3)).isEqualTo("abc...");
    assertThat(TerminalText.abbreviate("abc", 3)).isEqualTo("abc");
    assertThat(TerminalText.abbreviate("a\u001bb", 300)).isEqualTo("a\\u001bb");
  }
}
