package io.flowrank.core.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
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

  private final WebPorts webPorts;
  private final JsonFactory json;

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
        } else if (value == JsonToken.VALUE_NUMBER_INT) {
          portValid = true;
          webPort = isWebInteger(parser);
        } else {
          portValid = false;
          webPort = false;
          parser.skipChildren();
        }
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
    }
    return requireEnd(parser, verdict);
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
