package io.flowrank.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every CSV rule of docs/design.md §1.3, one case each. */
class CsvFlowParserTest {

  private final CsvFlowParser parser = new CsvFlowParser(WebPorts.DEFAULT);

  private Verdict parse(String row) {
    return parser.parse(row.getBytes(StandardCharsets.UTF_8));
  }

  /** A LANL row with the given dstdevice and dstport fields, written as they are given. */
  private static String row(String dstdevice, String dstport) {
    return "172800,0,Comp208915," + dstdevice + ",6,Port27607," + dstport + ",1,1,76,76";
  }

  @ParameterizedTest
  @ValueSource(strings = {"80", "443"})
  void aWebPortIsAWebFlowOfItsDstdevice(String port) {
    assertThat(parse(row("Comp275646", port))).isEqualTo(Verdict.webFlow("Comp275646"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"080", " 80", "80 ", "80.0", "+80", "Port80", "Port00080", "53", "8080", "",
      "\"\"", "\"8\"\"0\""})
  void otherPortsAreWellFormedButNotWebFlows(String port) {
    assertThat(parse(row("Comp275646", port))).isEqualTo(Verdict.OTHER_FLOW);
  }

  @Test
  void theConfiguredPortsDecide() {
    CsvFlowParser only8080 = new CsvFlowParser(WebPorts.of(List.of(8080)));
    assertThat(only8080.parse(row("A", "8080").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Verdict.webFlow("A"));
    assertThat(only8080.parse(row("A", "80").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Verdict.OTHER_FLOW);
  }

  @Test
  void quotesAreNotPartOfTheValue() {
    assertThat(parse(row("\"Comp1\"", "\"443\""))).isEqualTo(Verdict.webFlow("Comp1"));
  }

  @Test
  void aQuotedFieldMayHoldCommas() {
    assertThat(parse(row("\"Comp,1\"", "80"))).isEqualTo(Verdict.webFlow("Comp,1"));
    assertThat(parse("\"a,b,c\",0,Comp208915,Comp2,6,Port27607,443,1,1,76,76"))
        .isEqualTo(Verdict.webFlow("Comp2"));
  }

  @Test
  void doubledQuotesAreOneQuote() {
    assertThat(parse(row("\"say \"\"hi\"\"\"", "80"))).isEqualTo(Verdict.webFlow("say \"hi\""));
    assertThat(parse(row("\"\"\"\"", "80"))).isEqualTo(Verdict.webFlow("\""));
  }

  @Test
  void spacesArePartOfTheDstdevice() {
    assertThat(parse(row(" Comp1 ", "80"))).isEqualTo(Verdict.webFlow(" Comp1 "));
  }

  @Test
  void otherFieldsMayBeAnything() {
    assertThat(parse(",,,Comp1,,,443,,,,")).isEqualTo(Verdict.webFlow("Comp1"));
    assertThat(parse("time,duration,srcdevice,dstdevice,protocol,srcport,dstport,srcpackets,"
        + "dstpackets,srcbytes,dstbytes")).isEqualTo(Verdict.OTHER_FLOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t  \t", "\f"})
  void blankLinesAreNoRecords(String line) {
    assertThat(parse(line)).isEqualTo(Verdict.BLANK);
  }

  @Test
  void tenFieldsAreRejected() {
    assertThat(parse("172800,0,Comp208915,Comp275646,6,Port27607,80,1,1,76").reason())
        .isEqualTo(RejectReason.FIELD_COUNT);
  }

  @Test
  void twelveFieldsAreRejected() {
    assertThat(parse(row("Comp275646", "80") + ",x").reason()).isEqualTo(RejectReason.FIELD_COUNT);
    assertThat(parse(row("Comp275646", "80") + ",").reason()).isEqualTo(RejectReason.FIELD_COUNT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", ",", "not,a,flow", "connection reset by peer", "1,2,3,4,5,6,7,8,9,10,11,12"})
  void otherTextIsRejectedForItsFieldCount(String line) {
    assertThat(parse(line).reason()).isEqualTo(RejectReason.FIELD_COUNT);
  }

  @Test
  void anEmptyDstdeviceIsRejected() {
    assertThat(parse(row("", "80")).reason()).isEqualTo(RejectReason.EMPTY_DSTDEVICE);
    assertThat(parse(row("\"\"", "80")).reason()).isEqualTo(RejectReason.EMPTY_DSTDEVICE);
  }

  @Test
  void aQuoteLeftOpenIsRejected() {
    assertThat(parse(row("\"Comp1", "80")).reason()).isEqualTo(RejectReason.UNBALANCED_QUOTES);
    assertThat(parse(row("Comp1", "80") + ",\"").reason())
        .isEqualTo(RejectReason.UNBALANCED_QUOTES);
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsRejected() {
    assertThat(parse(row("Comp\"1", "80")).reason()).isEqualTo(RejectReason.UNBALANCED_QUOTES);
    assertThat(parse(row("Comp1", " \"80\"")).reason()).isEqualTo(RejectReason.UNBALANCED_QUOTES);
    // JSON is no CSV.
    assertThat(parse("{\"dstdevice\": \"A\", \"dstport\": \"80\"}").reason())
        .isEqualTo(RejectReason.UNBALANCED_QUOTES);
  }

  @Test
  void textAfterAClosingQuoteIsRejected() {
    assertThat(parse(row("\"Comp\"1", "80")).reason()).isEqualTo(RejectReason.UNBALANCED_QUOTES);
    assertThat(parse(row("Comp1", "\"80\" ")).reason()).isEqualTo(RejectReason.UNBALANCED_QUOTES);
  }

  @Test
  void unbalancedQuotesOutrankTheFieldCount() {
    assertThat(parse("a,\"b").reason()).isEqualTo(RejectReason.UNBALANCED_QUOTES);
  }

  @Test
  void theFieldCountOutranksAnEmptyDstdevice() {
    assertThat(parse("a,b,c,,e").reason()).isEqualTo(RejectReason.FIELD_COUNT);
  }

  @Test
  void invalidUtf8IsRejectedWhateverElseIsWrong() {
    // a lone lead byte in the dstdevice of a web flow
    assertThat(parser.parse(bytes("172800,0,Comp1,Comp", (byte) 0xC3, ",6,Port1,80,1,1,76,76")).reason())
        .isEqualTo(RejectReason.INVALID_UTF8);
    // in another field of another flow
    assertThat(parser.parse(bytes("172800,0,Comp", (byte) 0xFF, ",A,6,P,53,1,1,76,76")).reason())
        .isEqualTo(RejectReason.INVALID_UTF8);
    // in a row that is rejected anyway, inside an open quote
    assertThat(parser.parse(bytes("a,\"b", (byte) 0xFE)).reason())
        .isEqualTo(RejectReason.INVALID_UTF8);
    // an overlong form, in a quoted field
    assertThat(parser.parse(bytes("1,2,3,\"A", (byte) 0xC0, (byte) 0x80, "\",5,6,80,8,9,10,11")).reason())
        .isEqualTo(RejectReason.INVALID_UTF8);
    // a sequence cut by the end of the line
    assertThat(parser.parse(bytes(row("A", "80"), (byte) 0xE2, (byte) 0x82)).reason())
        .isEqualTo(RejectReason.INVALID_UTF8);
  }

  @Test
  void aDstdeviceIsDecodedAsUtf8() {
    assertThat(parse(row("Serveur-\u00e9t\u00e9", "443"))).isEqualTo(Verdict.webFlow("Serveur-\u00e9t\u00e9"));
    assertThat(parse(row("\"\u00e9,\"\"\u4e2d\"", "443"))).isEqualTo(Verdict.webFlow("\u00e9,\"\u4e2d"));
  }

  @Test
  void aLineBreakCharacterLeftInARowIsData() {
    // The reader strips CRLF; a lone CR elsewhere is a byte of its field.
    assertThat(parse(row("Comp1", "80") + "\r").isWebFlow()).isTrue();
    assertThat(parse(row("Comp1", "80\r"))).isEqualTo(Verdict.OTHER_FLOW);
  }

  @Test
  void judgesAnySliceOfABuffer() {
    byte[] frame = ("x\n" + row("Comp9", "443") + "\ny").getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(frame, 2, frame.length - 4)).isEqualTo(Verdict.webFlow("Comp9"));
  }

  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Byte) part);
      }
    }
    return out.toByteArray();
  }
}
