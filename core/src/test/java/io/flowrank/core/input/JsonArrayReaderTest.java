package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.rules.WebPorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArrayReaderTest {

  private static final FlowRules RULES = new FlowRules(WebPorts.DEFAULT);

  private static String flow(String device, String port) {
    return "{\"time\": \"172800\", \"dstdevice\": \"" + device + "\", \"dstport\": \"" + port + "\"}";
  }

  /** Each record as "ordinal:bytes", with ":cut:size" when it was cut. */
  private static List<String> records(InputStream in, int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonArrayReader reader = new JsonArrayReader(in, max)) {
      assertThat(reader.format()).isEqualTo(InputFormat.JSON_ARRAY);
      while (reader.next()) {
        out.add(reader.lineNumber() + ":" + new String(reader.copy(), StandardCharsets.UTF_8)
            + (reader.truncated() ? ":cut:" + reader.size() : ""));
      }
      assertThat(reader.next()).as("stays at its end").isFalse();
    }
    return out;
  }

  private static List<String> records(String content) throws IOException {
    return records(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 10_000);
  }

  /** The verdict on each record, as the rules of a JSON array judge it. */
  private static List<Verdict> verdicts(String content) throws IOException {
    List<Verdict> out = new ArrayList<>();
    try (JsonArrayReader reader =
        new JsonArrayReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 10_000)) {
      while (reader.next()) {
        out.add(RULES.judge(reader));
      }
    }
    return out;
  }

  @Test
  void eachElementOfACompactArrayIsOneRecord() throws IOException {
    String a = flow("A", "80");
    String b = flow("B", "22");
    assertThat(records("[" + a + "," + b + "]")).containsExactly("1:" + a, "2:" + b);
    assertThat(records("[" + a + ", " + b + "]\n")).containsExactly("1:" + a, "2:" + b);
    assertThat(verdicts("[" + a + "," + b + "]")).containsExactly(Verdict.webFlow("A"), Verdict.OTHER_FLOW);
  }

  @Test
  void aPrettyPrintedElementBecomesOneLineItsLineBreaksSpaces() throws IOException {
    String pretty = "[\r\n  {\r\n    \"dstdevice\": \"A\",\r\n    \"dstport\": \"443\"\r\n  },\n"
        + "  {\n    \"dstdevice\": \"B\",\n\t\"dstport\": 80\n  }\n]\n";
    assertThat(records(pretty))
        .containsExactly(
            "1:{      \"dstdevice\": \"A\",      \"dstport\": \"443\"    }",
            "2:{     \"dstdevice\": \"B\", \t\"dstport\": 80   }");
    assertThat(verdicts(pretty)).containsExactly(Verdict.webFlow("A"), Verdict.webFlow("B"));
  }

  @Test
  void commasBracketsAndQuotesInsideStringsAndNestedValuesDoNotSplit() throws IOException {
    String nested = "{\"dstdevice\": \"A,]}[{\\\"\", \"dstport\": \"80\", \"x\": [[1, 2], {\"y\": [3]}]}";
    String escapedBackslash = "{\"dstdevice\": \"B\\\\\", \"dstport\": \"443\"}";
    assertThat(records("[" + nested + "," + escapedBackslash + "]"))
        .containsExactly("1:" + nested, "2:" + escapedBackslash);
    assertThat(verdicts("[" + nested + "," + escapedBackslash + "]"))
        .containsExactly(Verdict.webFlow("A,]}[{\""), Verdict.webFlow("B\\"));
  }

  @Test
  void anElementThatIsNoObjectIsRejectedByTheRules() throws IOException {
    String content = "[" + flow("A", "80") + ", [\"Comp1\", \"80\"], \"text\", 42, null, " + flow("B", "443") + "]";
    assertThat(records(content)).hasSize(6);
    assertThat(verdicts(content))
        .containsExactly(
            Verdict.webFlow("A"),
            Verdict.rejected(RejectReason.NOT_AN_OBJECT),
            Verdict.rejected(RejectReason.NOT_AN_OBJECT),
            Verdict.rejected(RejectReason.NOT_AN_OBJECT),
            Verdict.rejected(RejectReason.NOT_AN_OBJECT),
            Verdict.webFlow("B"));
  }

  @Test
  void aMalformedElementIsRejectedAloneAndTheRestIsRead() throws IOException {
    String content = "[" + flow("A", "80") + ", {\"dstdevice\": A, \"dstport\": \"80\"}, "
        + "{\"dstport\": \"80\"}, {\"dstdevice\": \"C\" \"dstport\": \"80\"}, " + flow("B", "443") + "]";
    assertThat(records(content))
        .containsExactly(
            "1:" + flow("A", "80"),
            "2:{\"dstdevice\": A, \"dstport\": \"80\"}",
            "3:{\"dstport\": \"80\"}",
            "4:{\"dstdevice\": \"C\" \"dstport\": \"80\"}",
            "5:" + flow("B", "443"));
    assertThat(verdicts(content))
        .containsExactly(
            Verdict.webFlow("A"),
            Verdict.rejected(RejectReason.NOT_JSON),
            Verdict.rejected(RejectReason.MISSING_DSTDEVICE),
            Verdict.rejected(RejectReason.NOT_JSON),
            Verdict.webFlow("B"));
  }

  @Test
  void aTruncatedArrayCountsTheElementsBeforeTheBreakAndTheBreakIsOneRejection() throws IOException {
    String a = flow("A", "80");
    String b = flow("B", "443");
    // cut inside an element
    String content = "[" + a + ",\n " + b + ",\n {\"dstdevice\": \"C\", \"dst";
    assertThat(records(content))
        .containsExactly("1:" + a, "2:" + b, "3:,{\"dstdevice\": \"C\", \"dst");
    assertThat(verdicts(content))
        .containsExactly(Verdict.webFlow("A"), Verdict.webFlow("B"), Verdict.rejected(RejectReason.NOT_JSON));
    // cut right after a whole element: still a break, never a valid record
    assertThat(records("[" + a + ", " + b + "\n")).containsExactly("1:" + a, "2:," + b);
    assertThat(verdicts("[" + a + ", " + b)).containsExactly(Verdict.webFlow("A"), Verdict.rejected(RejectReason.NOT_JSON));
    assertThat(verdicts("[" + a)).containsExactly(Verdict.rejected(RejectReason.NOT_JSON));
    // cut after a comma, after the opening bracket
    assertThat(records("[" + a + ",  \n")).containsExactly("1:" + a, "2:,");
    assertThat(records("[")).containsExactly("1:[");
    assertThat(verdicts("[ \n")).containsExactly(Verdict.rejected(RejectReason.NOT_JSON));
    // cut inside a string
    assertThat(records("[" + a + ", {\"dstdevice\": \"B, ")).containsExactly("1:" + a, "2:,{\"dstdevice\": \"B, ");
  }

  @Test
  void aCloserAtTheArraysLevelBreaksTheArrayThere() throws IOException {
    String a = flow("A", "80");
    String content = "[" + a + ", {\"dstdevice\": \"B\"}}, " + flow("C", "443") + "]";
    assertThat(records(content))
        .containsExactly("1:" + a, "2:,{\"dstdevice\": \"B\"}}, " + flow("C", "443") + "]");
    assertThat(verdicts(content)).containsExactly(Verdict.webFlow("A"), Verdict.rejected(RejectReason.NOT_JSON));
  }

  @Test
  void anEmptyElementBreaksTheArray() throws IOException {
    String a = flow("A", "80");
    assertThat(records("[" + a + ",]")).containsExactly("1:" + a, "2:,]");
    assertThat(records("[" + a + ", , " + a + "]")).containsExactly("1:" + a, "2:,, " + a + "]");
    assertThat(records("[,]")).containsExactly("1:[,]");
    assertThat(verdicts("[" + a + ",]")).containsExactly(Verdict.webFlow("A"), Verdict.rejected(RejectReason.NOT_JSON));
  }

  @Test
  void bytesAfterTheClosingBracketAreOneRejection() throws IOException {
    String a = flow("A", "80");
    String b = flow("B", "443");
    assertThat(records("[" + a + "]\n" + b + "\r\n" + b + "\n"))
        .containsExactly("1:" + a, "2:]" + b + "  " + b);
    assertThat(verdicts("[" + a + "]\n[" + b + "]"))
        .containsExactly(Verdict.webFlow("A"), Verdict.rejected(RejectReason.NOT_JSON));
    assertThat(records("[" + a + "]  \r\n\n\t ")).containsExactly("1:" + a);
  }

  @Test
  void anEmptyArrayOrAnEmptyInputHasNoRecords() throws IOException {
    assertThat(records("[]")).isEmpty();
    assertThat(records(" \n[ \r\n ]\n")).isEmpty();
    assertThat(records("")).isEmpty();
    assertThat(records("\n\n")).isEmpty();
    assertThat(records("\uFEFF[]")).isEmpty();
  }

  @Test
  void aByteOrderMarkBeforeTheArrayIsIgnored() throws IOException {
    assertThat(records("\uFEFF[" + flow("A", "80") + "]")).containsExactly("1:" + flow("A", "80"));
  }

  @Test
  void aRawLineBreakInsideAStringKeepsTheElementInvalid() throws IOException {
    String content = "[{\"dstdevice\": \"Comp\n1\", \"dstport\": \"80\"}, " + flow("B", "443") + "]";
    assertThat(records(content))
        .containsExactly("1:{\"dstdevice\": \"Comp\r1\", \"dstport\": \"80\"}", "2:" + flow("B", "443"));
    assertThat(verdicts(content))
        .containsExactly(Verdict.rejected(RejectReason.NOT_JSON), Verdict.webFlow("B"));
  }

  @Test
  void anElementLongerThanTheLimitIsCutWithItsRealSize() throws IOException {
    String big = "{\"dstdevice\": \"" + "x".repeat(300) + "\", \"dstport\": \"80\"}";
    String content = "[" + flow("A", "80") + ",\n  " + big + "  \n, " + flow("B", "443") + "]";
    List<String> records = records(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 100);
    assertThat(records)
        .containsExactly("1:" + flow("A", "80"), "2:" + big.substring(0, 100) + ":cut:" + big.length(),
            "3:" + flow("B", "443"));
    List<Verdict> verdicts = new ArrayList<>();
    try (JsonArrayReader reader =
        new JsonArrayReader(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 100)) {
      while (reader.next()) {
        verdicts.add(RULES.judge(reader));
      }
    }
    assertThat(verdicts).containsExactly(Verdict.webFlow("A"), Verdict.rejected(RejectReason.TOO_LARGE), Verdict.webFlow("B"));
  }

  @Test
  void aBrokenArrayLongerThanTheLimitIsOneCutRecord() throws IOException {
    String rest = "x".repeat(200_000);
    String content = "[" + flow("A", "80") + ", {" + rest;
    assertThat(records(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 60))
        .containsExactly("1:" + flow("A", "80"), "2:,{" + "x".repeat(58) + ":cut:" + (rest.length() + 2));
  }

  @Test
  void readsAnArrayFarLargerThanItsChunkInConstantMemory() throws IOException {
    int elements = 50_000;
    StringBuilder content = new StringBuilder("[\n");
    for (int i = 0; i < elements; i++) {
      content.append(i == 0 ? "  " : ",\n  ").append(flow("Comp" + i, i % 2 == 0 ? "80" : "53"));
    }
    content.append("\n]\n");
    long web = 0;
    long n = 0;
    try (JsonArrayReader reader =
        new JsonArrayReader(new ByteArrayInputStream(content.toString().getBytes(StandardCharsets.UTF_8)), 200)) {
      while (reader.next()) {
        n++;
        assertThat(reader.lineNumber()).isEqualTo(n);
        Verdict verdict = RULES.judge(reader);
        assertThat(verdict.isRejected()).isFalse();
        if (verdict.isWebFlow()) {
          assertThat(verdict.dstdevice()).isEqualTo("Comp" + (n - 1));
          web++;
        }
      }
    }
    assertThat(n).isEqualTo(elements);
    assertThat(web).isEqualTo(elements / 2);
  }
}
