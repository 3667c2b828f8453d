package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static final String ROW = "172800,0,Comp208915,Comp275646,17,Port27607,53,1,1,76,76";

  private static List<String> rows(String content, int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvReader reader =
        new CsvReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), max)) {
      assertThat(reader.format()).isEqualTo(InputFormat.CSV);
      while (reader.next()) {
        out.add(reader.lineNumber() + ":" + new String(reader.copy(), StandardCharsets.UTF_8)
            + (reader.truncated() ? ":cut:" + reader.size() : ""));
      }
    }
    return out;
  }

  private static List<String> rows(String content) throws IOException {
    return rows(content, 1000);
  }

  @Test
  void oneRecordPerLineLfOrCrlfTheLastWithoutANewline() throws IOException {
    assertThat(rows(ROW + "\r\n" + ROW + "\n\n" + ROW))
        .containsExactly("1:" + ROW, "2:" + ROW, "3:", "4:" + ROW);
  }

  @Test
  void aHeaderFirstIsNoRecordAndLinesStayPhysical() throws IOException {
    assertThat(rows(CsvReader.LANL_HEADER + "\n" + ROW + "\n" + ROW))
        .containsExactly("2:" + ROW, "3:" + ROW);
    assertThat(rows(CsvReader.LANL_HEADER + "\r\n" + ROW)).containsExactly("2:" + ROW);
    assertThat(rows(CsvReader.LANL_HEADER)).isEmpty();
  }

  @Test
  void aHeaderAfterAByteOrderMarkIsSkippedToo() throws IOException {
    assertThat(rows("\uFEFF" + CsvReader.LANL_HEADER + "\r\n" + ROW)).containsExactly("2:" + ROW);
    assertThat(rows("\uFEFF" + ROW)).containsExactly("1:" + ROW);
  }

  @Test
  void theHeaderIsSkippedOnlyOnTheFirstLine() throws IOException {
    assertThat(rows(ROW + "\n" + CsvReader.LANL_HEADER))
        .containsExactly("1:" + ROW, "2:" + CsvReader.LANL_HEADER);
    assertThat(rows("\n" + CsvReader.LANL_HEADER)).containsExactly("1:", "2:" + CsvReader.LANL_HEADER);
    assertThat(rows(CsvReader.LANL_HEADER + "\n" + CsvReader.LANL_HEADER))
        .containsExactly("2:" + CsvReader.LANL_HEADER);
  }

  @Test
  void onlyTheExactHeaderIsAHeader() throws IOException {
    for (String near :
        List.of(CsvReader.LANL_HEADER + ",", " " + CsvReader.LANL_HEADER, CsvReader.LANL_HEADER.toUpperCase(),
            "time,duration,srcdevice,dstdevice,protocol,srcport,dstport,srcpackets,dstpackets")) {
      assertThat(rows(near + "\n" + ROW)).containsExactly("1:" + near, "2:" + ROW);
    }
  }

  @Test
  void cutsLongRowsAndTellsTheirRealSize() throws IOException {
    assertThat(rows("x".repeat(500) + "\n" + ROW, 100))
        .containsExactly("1:" + "x".repeat(100) + ":cut:500", "2:" + ROW);
  }
}
