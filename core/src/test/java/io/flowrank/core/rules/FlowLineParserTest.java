package io.flowrank.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of docs/design.md §1.3, one case each. */
class FlowLineParserTest {

  private final FlowLineParser parser = new FlowLineParser(WebPorts.DEFAULT);

  private Verdict parse(String line) {
    return parser.parse(line.getBytes(StandardCharsets.UTF_8));
  }

  private static String record(String dstdeviceJson, String dstportJson) {
    return "{\"time\": \"172800\", \"duration\": \"0\", \"srcdevice\": \"Comp208915\", \"dstdevice\": "
        + dstdeviceJson
        + ", \"protocol\": \"6\", \"srcport\": \"Port27607\", \"dstport\": "
        + dstportJson
        + ", \"srcpackets\": \"1\"}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"80\"", "\"443\"", "80", "443"})
  void stringAndIntegerWebPortsAreWebFlows(String port) {
    assertThat(parse(record("\"Comp275646\"", port))).isEqualTo(Verdict.webFlow("Comp275646"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"080\"", "\" 80\"", "\"80 \"", "\"80.0\"", "\"Port00080\"", "\"+80\"", "\"53\"", "53",
          "-80", "\"\"", "99999999999999999999999", "\"dstport\""})
  void otherPortsAreWellFormedButNotWebFlows(String port) {
    assertThat(parse(record("\"Comp275646\"", port))).isEqualTo(Verdict.OTHER_FLOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"80.0", "8e1", "true", "null", "{\"p\": 80}", "[80]"})
  void dstportOfAnotherTypeIsRejected(String port) {
    assertThat(parse(record("\"Comp1\"", port)).reason()).isEqualTo(RejectReason.INVALID_DSTPORT);
  }

  @Test
  void missingDstportIsRejected() {
    assertThat(parse("{\"dstdevice\": \"Comp1\"}").reason()).isEqualTo(RejectReason.MISSING_DSTPORT);
  }

  @Test
  void missingDstdeviceIsRejected() {
    assertThat(parse("{\"dstport\": \"443\"}").reason()).isEqualTo(RejectReason.MISSING_DSTDEVICE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "null", "42", "true", "{\"a\": 1}", "[\"Comp1\"]"})
  void emptyOrNonStringDstdeviceIsRejected(String device) {
    assertThat(parse(record(device, "\"443\"")).reason()).isEqualTo(RejectReason.INVALID_DSTDEVICE);
  }

  @Test
  void truncatedJsonIsRejected() {
    String line = record("\"Comp1\"", "\"443\"");
    assertThat(parse(line.substring(0, line.length() / 2)).reason()).isEqualTo(RejectReason.NOT_JSON);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"hello world", "time,duration,srcdevice", "{\"dstdevice\": \"A\", \"dstport\": \"80\"} x",
          "{\"dstdevice\": \"A\", \"dstport\": \"80\"}{}", "{\"dstdevice\": \"A\"\u0000, \"dstport\": \"80\"}",
          "{'dstdevice': 'A', 'dstport': '80'}", "{\"dstdevice\": \"A\", \"dstport\": 080}"})
  void textThatIsNotOneJsonValueIsRejected(String line) {
    assertThat(parse(line).reason()).isEqualTo(RejectReason.NOT_JSON);
  }

  @Test
  void rawControlCharactersInStringsAreRejected() {
    assertThat(parse("{\"dstdevice\": \"Co\u0000mp\", \"dstport\": \"80\"}").reason())
        .isEqualTo(RejectReason.NOT_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2]", "\"Comp1\"", "443", "null", "true"})
  void jsonThatIsNotAnObjectIsRejected(String line) {
    assertThat(parse(line).reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] line = record("\"Comp\u00e9\"", "\"443\"").getBytes(StandardCharsets.UTF_8);
    byte[] broken = line.clone();
    int at = new String(line, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
    broken[at + 1] = (byte) 0x41; // a lead byte no longer followed by a continuation byte
    assertThat(parser.parse(broken).reason()).isEqualTo(RejectReason.INVALID_UTF8);
    assertThat(parser.parse(new byte[] {'{', (byte) 0xC0, (byte) 0x80, '}'}).reason())
        .as("overlong encoding")
        .isEqualTo(RejectReason.INVALID_UTF8);
    assertThat(parser.parse(new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}).reason())
        .as("surrogate")
        .isEqualTo(RejectReason.INVALID_UTF8);
  }

  @Test
  void escapedUnicodeInNamesIsDecoded() {
    assertThat(parse(record("\"Comp\\u00e9\"", "\"443\""))).isEqualTo(Verdict.webFlow("Comp\u00e9"));
    assertThat(parse("{\"dst\\u0064evice\": \"X\", \"dstport\": \"80\"}")).isEqualTo(Verdict.webFlow("X"));
  }

  @Test
  void deepNestingIsRejectedWithoutStackOverflow() {
    String deep = "[".repeat(50_000) + "]".repeat(50_000);
    assertThat(parse("{\"dstdevice\": \"A\", \"dstport\": \"80\", \"x\": " + deep + "}").reason())
        .isEqualTo(RejectReason.TOO_DEEP);
    assertThat(parse(deep).reason()).isEqualTo(RejectReason.TOO_DEEP);
  }

  @Test
  void unknownFieldsAndAnyKeyOrderAreFine() {
    assertThat(parse("{\"dstport\": 443, \"extra\": {\"nested\": [1, {\"dstdevice\": \"no\"}]}, \"dstdevice\": \"Web1\"}"))
        .isEqualTo(Verdict.webFlow("Web1"));
  }

  @Test
  void theLastOfRepeatedKeysWins() {
    assertThat(parse("{\"dstdevice\": \"A\", \"dstport\": \"22\", \"dstdevice\": \"B\", \"dstport\": \"443\"}"))
        .isEqualTo(Verdict.webFlow("B"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "\r", "  \t \r"})
  void blankLinesAreSkipped(String line) {
    assertThat(parse(line)).isEqualTo(Verdict.BLANK);
  }

  @Test
  void surroundingWhitespaceAndACarriageReturnAreFine() {
    assertThat(parse("  " + record("\"Comp1\"", "\"80\"") + " \r")).isEqualTo(Verdict.webFlow("Comp1"));
  }

  @Test
  void theEchoedHeaderIsAWellFormedRecordToNoWebPort() {
    String header =
        "{\"time\": \"time\", \"duration\": \"duration\", \"srcdevice\": \"srcdevice\", \"dstdevice\": "
            + "\"dstdevice\", \"protocol\": \"protocol\", \"srcport\": \"srcport\", \"dstport\": \"dstport\", "
            + "\"srcpackets\": \"srcpackets\", \"dstpackets\": \"dstpackets\", \"srcbytes\": \"srcbytes\", "
            + "\"dstbytes\": \"dstbytes\"}";
    assertThat(parse(header)).isEqualTo(Verdict.OTHER_FLOW);
  }

  @Test
  void configuredPortsAreTheOnlyWebPorts() {
    FlowLineParser custom = new FlowLineParser(WebPorts.of(List.of(8080, 8443)));
    assertThat(custom.parse(record("\"P\"", "\"8080\"").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Verdict.webFlow("P"));
    assertThat(custom.parse(record("\"P\"", "443").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Verdict.OTHER_FLOW);
  }

  @Test
  void aSliceOfABufferIsParsedAlone() {
    byte[] buffer = ("xx" + record("\"Comp9\"", "\"443\"") + "yy").getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(buffer, 2, buffer.length - 4)).isEqualTo(Verdict.webFlow("Comp9"));
  }
}
