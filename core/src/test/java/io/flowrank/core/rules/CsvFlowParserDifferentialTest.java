package io.flowrank.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvFlowParser} against a plain reference of the same rules (decode the row, split it per
 * RFC 4180 into strings, check the fields) on many mutated rows: the byte-level parser must give
 * the same verdict on every one.
 */
class CsvFlowParserDifferentialTest {

  private static final WebPorts PORTS = WebPorts.DEFAULT;
  private static final byte[][] PIECES = {
    {','}, {'"'}, {'"', '"'}, {' '}, {'8', '0'}, {'4', '4', '3'}, {'0'}, {'\t'}, {'\r'},
    {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {'x'}, {}
  };

  @Test
  void givesTheReferenceVerdictOnMutatedRows() {
    CsvFlowParser parser = new CsvFlowParser(PORTS);
    SplittableRandom random = new SplittableRandom(7);
    int webFlows = 0;
    List<RejectReason> reasons = new ArrayList<>();
    for (int n = 0; n < 200_000; n++) {
      byte[] row = mutate(baseRow(random), random);
      Verdict expected = reference(row);
      FlowFields fields = new FlowFields();
      assertThat(parser.parse(row, 0, row.length, fields))
          .as("row %s", new String(row, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected);
      if (expected.isWebFlow()) {
        assertThat(JacksonReferenceParser.Fields.of(fields))
            .as("evidence of row %s", new String(row, StandardCharsets.ISO_8859_1))
            .isEqualTo(referenceFields);
      }
      webFlows += expected.isWebFlow() ? 1 : 0;
      if (expected.isRejected() && !reasons.contains(expected.reason())) {
        reasons.add(expected.reason());
      }
    }
    // The corpus reaches every verdict.
    assertThat(webFlows).isGreaterThan(1_000);
    assertThat(reasons)
        .contains(RejectReason.FIELD_COUNT, RejectReason.EMPTY_DSTDEVICE, RejectReason.UNBALANCED_QUOTES,
            RejectReason.INVALID_UTF8);
  }

  private static byte[] baseRow(SplittableRandom random) {
    String device = switch (random.nextInt(5)) {
      case 0 -> "\"Comp" + random.nextInt(100) + "\"";
      case 1 -> "\"A,\"\"B\"\"\"";
      case 2 -> "";
      default -> "Comp" + random.nextInt(1000);
    };
    String port = switch (random.nextInt(6)) {
      case 0 -> "80";
      case 1 -> "443";
      case 2 -> "\"443\"";
      case 3 -> "Port" + random.nextInt(100);
      default -> Integer.toString(random.nextInt(1000));
    };
    String time = random.nextInt(8) == 0 ? "\"172800\"" : Integer.toString(172_800 + random.nextInt(50));
    String source = random.nextInt(8) == 0 ? "" : "Comp" + random.nextInt(30);
    String packets = switch (random.nextInt(8)) {
      case 0 -> "0";
      case 1 -> "9223372036854775807";
      case 2 -> "9223372036854775808";
      case 3 -> "-1";
      default -> Integer.toString(random.nextInt(20));
    };
    return (time + ",0," + source + "," + device + ",6,Port2," + port + ",1," + packets + ",60,"
            + random.nextInt(5000))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Up to three insertions, deletions or replacements of pieces at random places. */
  private static byte[] mutate(byte[] row, SplittableRandom random) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : row) {
      bytes.add(b);
    }
    for (int k = random.nextInt(4); k > 0; k--) {
      int at = random.nextInt(bytes.size() + 1);
      switch (random.nextInt(3)) {
        case 0 -> {
          if (at < bytes.size()) {
            bytes.remove(at);
          }
        }
        case 1 -> {
          byte[] piece = PIECES[random.nextInt(PIECES.length)];
          for (int i = piece.length - 1; i >= 0; i--) {
            bytes.add(at, piece[i]);
          }
        }
        default -> {
          if (at < bytes.size()) {
            bytes.set(at, PIECES[random.nextInt(PIECES.length)].length > 0 ? (byte) ',' : (byte) '"');
          }
        }
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  /** The rules of docs/design.md §1 for CSV, written plainly. */
  static Verdict reference(byte[] row) {
    String text;
    boolean utf8 = true;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(row))
          .toString();
    } catch (CharacterCodingException e) {
      utf8 = false;
      text = new String(row, StandardCharsets.ISO_8859_1); // the structure is ASCII either way
    }
    if (text.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B)) {
      return Verdict.BLANK;
    }
    List<String> fields = new ArrayList<>();
    RejectReason fault = null;
    int i = 0;
    while (fault == null) {
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            fault = RejectReason.UNBALANCED_QUOTES;
            break;
          }
          char c = text.charAt(i);
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            value.append('"');
            i += 2;
          } else if (c == '"') {
            i++;
            break;
          } else {
            value.append(c);
            i++;
          }
        }
        if (fault == null && i < text.length() && text.charAt(i) != ',') {
          fault = RejectReason.UNBALANCED_QUOTES;
        }
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          if (text.charAt(i) == '"') {
            fault = RejectReason.UNBALANCED_QUOTES;
          }
          value.append(text.charAt(i++));
        }
      }
      fields.add(value.toString());
      if (i >= text.length()) {
        break;
      }
      i++;
    }
    if (fault == null && fields.size() != 11) {
      fault = RejectReason.FIELD_COUNT;
    }
    if (fault == null && fields.get(3).isEmpty()) {
      fault = RejectReason.EMPTY_DSTDEVICE;
    }
    if (!utf8) {
      return Verdict.rejected(RejectReason.INVALID_UTF8);
    }
    if (fault != null) {
      return Verdict.rejected(fault);
    }
    if (!PORTS.matchesString(fields.get(6))) {
      return Verdict.OTHER_FLOW;
    }
    referenceFields =
        new JacksonReferenceParser.Fields(
            Integer.parseInt(fields.get(6)),
            fields.get(2).isEmpty() ? null : fields.get(2),
            number(fields.get(0)),
            number(fields.get(8)),
            number(fields.get(9)),
            number(fields.get(10)));
    return Verdict.webFlow(fields.get(3));
  }

  /** The evidence of the last row {@link #reference} judged a web flow (one test thread). */
  private static JacksonReferenceParser.Fields referenceFields;

  /** The text of a numeric field: digits, 0 <= v < 2^63, else absent. */
  private static long number(String text) {
    if (!text.matches("[0-9]+")) {
      return FlowFields.ABSENT;
    }
    java.math.BigInteger value = new java.math.BigInteger(text);
    return value.bitLength() < 64 ? value.longValueExact() : FlowFields.ABSENT;
  }
}
