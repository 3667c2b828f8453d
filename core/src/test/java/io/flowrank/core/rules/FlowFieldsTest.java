package io.flowrank.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.InputFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The evidence fields of a web flow, docs/design.md §1.5, in every format. */
class FlowFieldsTest {

  private static final long ABSENT = FlowFields.ABSENT;
  private final FlowRules rules = new FlowRules(WebPorts.DEFAULT);

  private FlowFields judge(InputFormat format, String line) {
    FlowFields fields = new FlowFields();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(rules.judge(format, bytes, 0, bytes.length, fields).isWebFlow())
        .as("a web flow: %s", line)
        .isTrue();
    return fields;
  }

  private static String jsonLine(String time, String src, String packets, String srcBytes, String dstBytes) {
    return "{\"time\": " + time + ", \"duration\": \"0\", \"srcdevice\": " + src
        + ", \"dstdevice\": \"Web1\", \"protocol\": \"6\", \"srcport\": \"Port1\", \"dstport\": \"443\","
        + " \"srcpackets\": \"3\", \"dstpackets\": " + packets + ", \"srcbytes\": " + srcBytes
        + ", \"dstbytes\": " + dstBytes + "}";
  }

  @Test
  void aLanlLineGivesEveryField() {
    FlowFields f =
        judge(InputFormat.JSON_LINES, jsonLine("\"172801\"", "\"Comp9\"", "\"4\"", "\"300\"", "\"5000\""));
    assertThat(f.port()).isEqualTo(443);
    assertThat(f.srcdevice()).isEqualTo("Comp9");
    assertThat(f.time()).isEqualTo(172801);
    assertThat(f.dstpackets()).isEqualTo(4);
    assertThat(f.srcbytes()).isEqualTo(300);
    assertThat(f.dstbytes()).isEqualTo(5000);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"0\"|0",
        "0|0",
        "\"9223372036854775807\"|9223372036854775807",
        "9223372036854775807|9223372036854775807",
        "\"9223372036854775808\"|-1",
        "9223372036854775808|-1",
        "\"12a\"|-1",
        "\"-1\"|-1",
        "-1|-1",
        "-0|0",
        "\"\"|-1",
        "\" 1\"|-1",
        "\"+1\"|-1",
        "1.0|-1",
        "1e3|-1",
        "null|-1",
        "true|-1",
        "[1]|-1",
        "\"007\"|7",
        "\"1\\u0032\"|12",
      })
  void aNumericFieldCountsOnlyAsDigitsOrAJsonIntegerBelowTwoToThe63(String value, long expected) {
    FlowFields f = judge(InputFormat.JSON_LINES, jsonLine(value, "\"C\"", value, value, value));
    assertThat(f.time()).isEqualTo(expected);
    assertThat(f.dstpackets()).isEqualTo(expected);
    assertThat(f.srcbytes()).isEqualTo(expected);
    assertThat(f.dstbytes()).isEqualTo(expected);
  }

  @Test
  void aMissingFieldIsAbsentAndAMissingOrEmptySrcdeviceIsNoClient() {
    FlowFields f = judge(InputFormat.JSON_LINES, "{\"dstdevice\": \"Web1\", \"dstport\": 80}");
    assertThat(f.port()).isEqualTo(80);
    assertThat(f.srcdevice()).isNull();
    assertThat(new long[] {f.time(), f.dstpackets(), f.srcbytes(), f.dstbytes()})
        .containsOnly(ABSENT);
    assertThat(judge(InputFormat.JSON_LINES, jsonLine("1", "\"\"", "1", "1", "1")).srcdevice()).isNull();
    assertThat(judge(InputFormat.JSON_LINES, jsonLine("1", "5", "1", "1", "1")).srcdevice()).isNull();
    assertThat(judge(InputFormat.JSON_LINES, jsonLine("1", "null", "1", "1", "1")).srcdevice()).isNull();
    assertThat(judge(InputFormat.JSON_LINES, jsonLine("1", "\"C\\u00e9\"", "1", "1", "1")).srcdevice())
        .isEqualTo("C\u00e9");
  }

  @Test
  void theLastOfARepeatedFieldWins() {
    FlowFields f =
        judge(
            InputFormat.JSON_LINES,
            "{\"srcdevice\": \"A\", \"dstdevice\": \"W\", \"dstport\": \"80\", \"dstpackets\": \"5\","
                + " \"srcdevice\": \"B\", \"dstpackets\": \"x\"}");
    assertThat(f.srcdevice()).isEqualTo("B");
    assertThat(f.dstpackets()).isEqualTo(ABSENT);
  }

  @Test
  void theSameFlowAsACsvRowAJsonLineAndACompactJsonLineGivesTheSameFields() {
    String csv = "172805,3,Comp7,Web1,6,Port9,443,2,0,120,9223372036854775807";
    String json =
        "{\"time\": \"172805\", \"duration\": \"3\", \"srcdevice\": \"Comp7\", \"dstdevice\": \"Web1\","
            + " \"protocol\": \"6\", \"srcport\": \"Port9\", \"dstport\": \"443\", \"srcpackets\": \"2\","
            + " \"dstpackets\": \"0\", \"srcbytes\": \"120\", \"dstbytes\": \"9223372036854775807\"}";
    String compact = json.replace("\": \"", "\":\"").replace("\", \"", "\",\"");
    String numbers =
        "{\"time\": 172805, \"srcdevice\": \"Comp7\", \"dstdevice\": \"Web1\", \"dstport\": 443,"
            + " \"dstpackets\": 0, \"srcbytes\": 120, \"dstbytes\": 9223372036854775807}";
    String expected = judge(InputFormat.CSV, csv).toString();
    assertThat(judge(InputFormat.JSON_LINES, json).toString()).isEqualTo(expected);
    assertThat(judge(InputFormat.JSON_LINES, compact).toString()).isEqualTo(expected);
    assertThat(judge(InputFormat.JSON_LINES, numbers).toString()).isEqualTo(expected);
    assertThat(expected)
        .isEqualTo(
            "FlowFields[port=443, srcdevice=Comp7, time=172805, dstpackets=0, srcbytes=120,"
                + " dstbytes=9223372036854775807]");
  }

  @Test
  void csvNumbersAreTheFieldsTextQuotesAside() {
    FlowFields f = judge(InputFormat.CSV, "\"17\",0,\"\",Web1,6,P,80,1,\"1\"\"2\",12a,-1");
    assertThat(f.time()).isEqualTo(17);
    assertThat(f.srcdevice()).isNull();
    assertThat(f.dstpackets()).as("a doubled quote is no digit").isEqualTo(ABSENT);
    assertThat(f.srcbytes()).isEqualTo(ABSENT);
    assertThat(f.dstbytes()).isEqualTo(ABSENT);
    assertThat(judge(InputFormat.CSV, "1,0,\"a,\"\"b\",Web1,6,P,80,1,1,1,1").srcdevice())
        .isEqualTo("a,\"b");
  }

  @Test
  void otherVerdictsLeaveTheFieldsAlone() {
    FlowFields f = judge(InputFormat.JSON_LINES, jsonLine("1", "\"C\"", "1", "1", "1"));
    byte[] other = "{\"dstdevice\": \"X\", \"dstport\": \"53\", \"srcdevice\": \"Z\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(rules.judge(InputFormat.JSON_LINES, other, 0, other.length, f).isWebFlow()).isFalse();
    assertThat(f.srcdevice()).isEqualTo("C");
  }
}
