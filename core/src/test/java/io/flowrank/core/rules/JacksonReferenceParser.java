package io.flowrank.core.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The parser flowrank used before its hand-written scanner: Jackson's streaming reader with its
 * defaults. Kept in the tests as the reference the scanner must agree with, verdict for verdict.
 */
final class JacksonReferenceParser {

  /** Deeper JSON is rejected as {@link RejectReason#TOO_DEEP} (Jackson's own default limit). */
  static final int MAX_NESTING_DEPTH = 1000;

  private static final String DSTDEVICE = "dstdevice";
  private static final String DSTPORT = "dstport";

  private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);

  /**
   * A web flow's evidence fields as docs/design.md §1.5 defines them, read here with Jackson's
   * tokens: the reference {@link FlowFields} must equal.
   */
  record Fields(int port, String srcdevice, long time, long dstpackets, long srcbytes, long dstbytes) {

    static Fields of(FlowFields f) {
      return new Fields(f.port(), f.srcdevice(), f.time(), f.dstpackets(), f.srcbytes(), f.dstbytes());
    }
  }

  private final WebPorts webPorts;
  private final JsonFactory json;
  // The evidence of the last line parsed, when it was a web flow.
  private Fields lastFields;

  JacksonReferenceParser(WebPorts webPorts) {
    this.webPorts = webPorts;
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(
                // Only nesting is limited: a long number or key is valid JSON, and a line's size is
                // bounded before it gets here (see Limits).
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();
  }

  /** The verdict on a whole array. */
  Verdict parse(byte[] line) {
    return parse(line, 0, line.length);
  }

  /** The verdict on {@code length} bytes of {@code buffer} from {@code offset}: one line, no newline. */
  Verdict parse(byte[] buffer, int offset, int length) {
    lastFields = null;
    if (FlowLineParser.isBlank(buffer, offset, length)) {
      return Verdict.BLANK;
    }
    if (!Utf8.isValid(buffer, offset, length)) {
      return Verdict.rejected(RejectReason.INVALID_UTF8);
    }
    // Lines are UTF-8 by contract: Jackson reads the decoded text, so its guess of UTF-16 or UTF-32
    // from leading NUL bytes ("3\0" read as UTF-16) plays no part. A leading BOM is skipped, as
    // Jackson's byte reader does.
    int start = offset;
    if (length >= 3
        && buffer[offset] == (byte) 0xEF
        && buffer[offset + 1] == (byte) 0xBB
        && buffer[offset + 2] == (byte) 0xBF) {
      start += 3;
    }
    String text = new String(buffer, start, offset + length - start, StandardCharsets.UTF_8);
    try (JsonParser parser = json.createParser(text)) {
      return parseObject(parser);
    } catch (StreamConstraintsException e) {
      return Verdict.rejected(RejectReason.TOO_DEEP);
    } catch (IOException e) {
      return Verdict.rejected(RejectReason.NOT_JSON);
    }
  }

  private Verdict parseObject(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return Verdict.rejected(RejectReason.NOT_JSON);
    }
    if (first != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return requireEnd(parser, Verdict.rejected(RejectReason.NOT_AN_OBJECT));
    }
    String dstdevice = null;
    boolean hasDevice = false;
    boolean deviceValid = false;
    boolean hasPort = false;
    boolean portValid = false;
    boolean webPort = false;
    int port = -1;
    String srcdevice = null;
    long[] numbers = {FlowFields.ABSENT, FlowFields.ABSENT, FlowFields.ABSENT, FlowFields.ABSENT};
    JsonToken token;
    // The last occurrence of a repeated key wins, as in most JSON readers (Spark's included).
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (DSTDEVICE.equals(name)) {
        hasDevice = true;
        if (value == JsonToken.VALUE_STRING) {
          dstdevice = parser.getText();
        } else {
          dstdevice = null;
          parser.skipChildren();
        }
        deviceValid = dstdevice != null && !dstdevice.isEmpty();
      } else if (DSTPORT.equals(name)) {
        hasPort = true;
        if (value == JsonToken.VALUE_STRING) {
          portValid = true;
          webPort = webPorts.matchesString(parser.getText());
          port = webPort ? Integer.parseInt(parser.getText()) : -1;
        } else if (value == JsonToken.VALUE_NUMBER_INT) {
          portValid = true;
          webPort = isWebInteger(parser);
          port = webPort ? parser.getIntValue() : -1;
        } else {
          portValid = false;
          webPort = false;
          parser.skipChildren();
        }
      } else if ("srcdevice".equals(name)) {
        srcdevice = value == JsonToken.VALUE_STRING && !parser.getText().isEmpty() ? parser.getText() : null;
        parser.skipChildren();
      } else if (NUMERIC.indexOf(name) >= 0) {
        numbers[NUMERIC.indexOf(name)] = number(parser, value);
        parser.skipChildren();
      } else {
        parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      return Verdict.rejected(RejectReason.NOT_JSON);
    }
    Verdict verdict;
    if (!hasDevice) {
      verdict = Verdict.rejected(RejectReason.MISSING_DSTDEVICE);
    } else if (!deviceValid) {
      verdict = Verdict.rejected(RejectReason.INVALID_DSTDEVICE);
    } else if (!hasPort) {
      verdict = Verdict.rejected(RejectReason.MISSING_DSTPORT);
    } else if (!portValid) {
      verdict = Verdict.rejected(RejectReason.INVALID_DSTPORT);
    } else {
      verdict = webPort ? Verdict.webFlow(dstdevice) : Verdict.OTHER_FLOW;
      if (webPort) {
        lastFields = new Fields(port, srcdevice, numbers[0], numbers[1], numbers[2], numbers[3]);
      }
    }
    return requireEnd(parser, verdict);
  }

  private static final java.util.List<String> NUMERIC =
      java.util.List.of("time", "dstpackets", "srcbytes", "dstbytes");

  /** A decimal digit string or a JSON integer, 0 <= v < 2^63; else absent. */
  private static long number(JsonParser parser, JsonToken value) throws IOException {
    BigInteger number;
    if (value == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      if (!text.matches("[0-9]+")) {
        return FlowFields.ABSENT;
      }
      number = new BigInteger(text);
    } else if (value == JsonToken.VALUE_NUMBER_INT) {
      number = parser.getBigIntegerValue();
    } else {
      return FlowFields.ABSENT;
    }
    return number.signum() >= 0 && number.compareTo(TWO_63) < 0
        ? number.longValueExact()
        : FlowFields.ABSENT;
  }

  /** The evidence of the last line parsed when it was a web flow, else null. */
  Fields lastFields() {
    return lastFields;
  }

  private boolean isWebInteger(JsonParser parser) throws IOException {
    if (parser.getTextLength() > 6) {
      return false; // no port has more than 5 digits and a sign; avoids big-number parsing
    }
    JsonParser.NumberType type = parser.getNumberType();
    if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
      return webPorts.matchesInteger(parser.getLongValue());
    }
    return false;
  }

  /** A line holds one JSON value: anything after it makes the line invalid JSON. */
  private static Verdict requireEnd(JsonParser parser, Verdict verdict) throws IOException {
    return parser.nextToken() == null ? verdict : Verdict.rejected(RejectReason.NOT_JSON);
  }
}
