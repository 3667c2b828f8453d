package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {

  private static List<String> lines(byte[] content, int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(content), max)) {
      while (reader.next()) {
        out.add(reader.lineNumber() + ":" + new String(reader.copy(), StandardCharsets.UTF_8)
            + (reader.truncated() ? ":cut:" + reader.size() : ""));
      }
    }
    return out;
  }

  private static List<String> lines(String content) throws IOException {
    return lines(content.getBytes(StandardCharsets.UTF_8), 1000);
  }

  @Test
  void splitsOnLfAndCrlfAndKeepsALastLineWithoutNewline() throws IOException {
    assertThat(lines("a\nb\r\nc")).containsExactly("1:a", "2:b", "3:c");
    assertThat(lines("a\n")).containsExactly("1:a");
  }

  @Test
  void returnsBlankLinesWithTheirNumbers() throws IOException {
    assertThat(lines("a\n\n  \nb\n")).containsExactly("1:a", "2:", "3:  ", "4:b");
  }

  @Test
  void anEmptyFileHasNoRecords() throws IOException {
    assertThat(lines("")).isEmpty();
  }

  @Test
  void ignoresAByteOrderMarkAtTheStartOnly() throws IOException {
    assertThat(lines("\uFEFFa\n\uFEFFb")).containsExactly("1:a", "2:\uFEFFb");
  }

  @Test
  void cutsLongLinesAndTellsTheirRealSize() throws IOException {
    String longLine = "x".repeat(200_000);
    assertThat(lines(("a\n" + longLine + "\r\nb").getBytes(StandardCharsets.UTF_8), 100))
        .containsExactly("1:a", "2:" + "x".repeat(100) + ":cut:200000", "3:b");
  }

  @Test
  void readsLinesLongerThanItsInternalChunk() throws IOException {
    String line = "y".repeat(150_000);
    assertThat(lines((line + "\n" + line).getBytes(StandardCharsets.UTF_8), 1_000_000))
        .containsExactly("1:" + line, "2:" + line);
  }
}
