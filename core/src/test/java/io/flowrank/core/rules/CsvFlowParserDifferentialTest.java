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
      assertThat(parser.parse(row))
          .as("row %s", new String(row, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected);
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
    return ("172800,0,Comp1," + device + ",6,Port2," + port + ",1,1,60,60").getBytes(StandardCharsets.UTF_8);
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

  /** The rules of DESIGN §1 for CSV, written plainly. */
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
    return PORTS.matchesString(fields.get(6)) ? Verdict.webFlow(fields.get(3)) : Verdict.OTHER_FLOW;
  }
}
