package io.flowrank.core.rules;

import io.flowrank.core.input.RecordReader;
import java.nio.charset.StandardCharsets;

/**
 * The rules of docs/design.md §1.3, in one place, for the producer, the streams app and the
 * verifier alike.
 *
 * <p>A line is checked to be exactly one JSON value (RFC 8259, UTF-8) in one pass over its bytes,
 * and only what the count needs is decoded: the names of the members of the top-level object, the
 * {@code dstport} value, and the {@code dstdevice} of a web flow — the only String a line can cost.
 * Everything else is validated and skipped where it lies; a line costs one small scanner object
 * (88 bytes measured with JMH's {@code -prof gc}) and, for a web flow, its dstdevice. Nested values are skipped without recursion, and nesting deeper than {@link
 * #MAX_NESTING_DEPTH} is rejected, so hostile input cannot overflow a stack. Instances are immutable
 * and thread-safe.
 *
 * <p>Most lines take a fast path first ({@link FlatFlowLine}: a flat object of plain ASCII strings,
 * the LANL shape); the rest go through the general scanner.
 *
 * <p>Why one file of this size: the general scanner is one pass with one cursor over one line; its
 * states (strings, numbers, nesting, the members that decide a verdict or carry evidence) share the
 * buffer and the position, and splitting them into classes would add a call per token to the
 * streams app's hot path. The differential tests pin it against Jackson.
 *
 * <p>It gives the verdicts a strict streaming JSON reader would (Jackson with its defaults, which
 * {@code FlowLineParserDifferentialTest} runs side by side on a large corpus of mutated lines): no
 * comments, no single quotes, no leading zeros, no trailing commas, no unescaped control characters,
 * a UTF-8 byte order mark allowed at the start.
 */
public final class FlowLineParser {

  /** Deeper JSON is rejected as {@link RejectReason#TOO_DEEP} (Jackson's default limit). */
  public static final int MAX_NESTING_DEPTH = 1000;

  private static final byte[] DSTDEVICE = "dstdevice".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DSTPORT = "dstport".getBytes(StandardCharsets.US_ASCII);
  /** The members a web flow's evidence comes from, in the order of {@link Scanner}'s slots. */
  private static final byte[][] EVIDENCE_NAMES = {
    "srcdevice".getBytes(StandardCharsets.US_ASCII),
    "time".getBytes(StandardCharsets.US_ASCII),
    "dstpackets".getBytes(StandardCharsets.US_ASCII),
    "srcbytes".getBytes(StandardCharsets.US_ASCII),
    "dstbytes".getBytes(StandardCharsets.US_ASCII)
  };
  private static final int SRCDEVICE = 0;
  private static final int TIME = 1;
  private static final int DSTPACKETS = 2;
  private static final int SRCBYTES = 3;
  private static final int DSTBYTES = 4;

  private final WebPorts webPorts;

  public FlowLineParser(WebPorts webPorts) {
    this.webPorts = webPorts;
  }

  public WebPorts webPorts() {
    return webPorts;
  }

  /**
   * The verdict on the current record of a reader: a record the reader had to cut is {@link
   * RejectReason#TOO_LARGE}, whatever it holds.
   */
  public Verdict parse(RecordReader record) {
    return parse(record, null);
  }

  /** {@link #parse(RecordReader)}, a web flow's other fields into {@code fields} when given. */
  public Verdict parse(RecordReader record, FlowFields fields) {
    return record.truncated()
        ? Verdict.rejected(RejectReason.TOO_LARGE)
        : parse(record.buffer(), 0, record.length(), fields);
  }

  /** The verdict on a whole array. */
  public Verdict parse(byte[] line) {
    return parse(line, 0, line.length);
  }

  /** The verdict on {@code length} bytes of {@code buffer} from {@code offset}: one line, no newline. */
  public Verdict parse(byte[] buffer, int offset, int length) {
    return parse(buffer, offset, length, null);
  }

  /**
   * {@link #parse(byte[], int, int)}, and for a web flow its other fields into {@code fields} when
   * given (docs/design.md §1.5).
   */
  public Verdict parse(byte[] buffer, int offset, int length, FlowFields fields) {
    Verdict flat = FlatFlowLine.verdict(buffer, offset, offset + length, webPorts, fields);
    return flat != null ? flat : parseGeneral(buffer, offset, length, fields);
  }

  /** The general scanner alone, without the fast path for flat lines (for tests of the two). */
  Verdict parseGeneral(byte[] buffer, int offset, int length) {
    return parseGeneral(buffer, offset, length, null);
  }

  /** {@link #parseGeneral(byte[], int, int)} with a web flow's other fields. */
  Verdict parseGeneral(byte[] buffer, int offset, int length, FlowFields fields) {
    if (isBlank(buffer, offset, length)) {
      return Verdict.BLANK;
    }
    Scanner scanner = new Scanner(buffer, offset, offset + length, webPorts);
    Verdict verdict;
    try {
      verdict = scanner.line();
    } catch (Malformed malformed) {
      verdict = Verdict.rejected(malformed.reason);
    }
    // Invalid UTF-8 outranks every other verdict. A line that parsed has all its non-ASCII bytes
    // inside strings, where the scanner noticed them; a rejected line is checked whole.
    if ((verdict.isRejected() || scanner.sawNonAscii) && !Utf8.isValid(buffer, offset, length)) {
      return Verdict.rejected(RejectReason.INVALID_UTF8);
    }
    if (fields != null && verdict.isWebFlow()) {
      scanner.evidence(fields);
    }
    return verdict;
  }

  /** Empty, or only spaces, tabs, CR, LF, form feeds and vertical tabs. */
  public static boolean isBlank(byte[] buffer, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      byte b = buffer[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != 0x0B) {
        return false;
      }
    }
    return true;
  }

  /** Ends a scan: the line is not what the rules accept. Shared instances, no stack trace. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Malformed NOT_JSON = new Malformed(RejectReason.NOT_JSON);
    static final Malformed TOO_DEEP = new Malformed(RejectReason.TOO_DEEP);

    final transient RejectReason reason;

    private Malformed(RejectReason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }
  }

  /** One pass over one line. */
  private static final class Scanner {
    private final byte[] b;
    private final int end;
    private final WebPorts webPorts;
    private int p;
    boolean sawNonAscii;
    // Set by string(): whether the string just scanned holds a backslash escape.
    private boolean escaped;
    // The web port of the last dstport member, when it names one.
    private int port = -1;
    // Per evidence member (EVIDENCE_NAMES), the last value's kind and where it lies.
    private final byte[] evidenceKind = new byte[EVIDENCE_NAMES.length];
    private final int[] evidenceStart = new int[EVIDENCE_NAMES.length];
    private final int[] evidenceEnd = new int[EVIDENCE_NAMES.length];
    private static final byte NONE = 0;
    private static final byte STRING = 1;
    private static final byte ESCAPED_STRING = 2;
    private static final byte INTEGER = 3;

    Scanner(byte[] buffer, int from, int end, WebPorts webPorts) {
      this.b = buffer;
      this.p = from;
      this.end = end;
      this.webPorts = webPorts;
    }

    Verdict line() {
      if (end - p >= 3 && b[p] == (byte) 0xEF && b[p + 1] == (byte) 0xBB && b[p + 2] == (byte) 0xBF) {
        p += 3;
      }
      whitespace();
      if (p == end) {
        throw Malformed.NOT_JSON;
      }
      Verdict verdict;
      if (b[p] == '{') {
        verdict = flowObject();
      } else {
        skipValue(0);
        verdict = Verdict.rejected(RejectReason.NOT_AN_OBJECT);
      }
      whitespace();
      if (p != end) {
        throw Malformed.NOT_JSON; // anything after the value
      }
      return verdict;
    }

    /** The top-level object: its dstdevice and dstport decide; the last of a repeated key wins. */
    private Verdict flowObject() {
      p++;
      String dstdevice = null;
      boolean hasDevice = false;
      boolean hasPort = false;
      boolean portValid = false;
      boolean webPort = false;
      whitespace();
      if (peek() == '}') {
        p++;
      } else {
        while (true) {
          int nameStart = p + 1;
          string();
          int nameEnd = p - 1;
          boolean nameEscaped = escaped;
          whitespace();
          expect(':');
          whitespace();
          if (nameIs(DSTDEVICE, nameStart, nameEnd, nameEscaped)) {
            hasDevice = true;
            dstdevice = peek() == '"' ? decodedString() : null;
            if (dstdevice == null) {
              skipValue(1);
            }
          } else if (nameIs(DSTPORT, nameStart, nameEnd, nameEscaped)) {
            hasPort = true;
            byte first = peek();
            if (first == '"') {
              int start = p + 1;
              string();
              portValid = true;
              port =
                  escaped
                      ? webPorts.portOfString(decode(start, p - 1))
                      : webPorts.portOfAscii(b, start, p - 1 - start);
            } else if (first == '-' || (first >= '0' && first <= '9')) {
              int start = p;
              portValid = number();
              port = portValid ? webInteger(start, p) : -1;
            } else {
              skipValue(1);
              portValid = false;
              port = -1;
            }
            webPort = port >= 0;
          } else {
            int slot = evidenceSlot(nameStart, nameEnd, nameEscaped);
            if (slot < 0) {
              skipValue(1);
            } else {
              evidenceValue(slot);
            }
          }
          whitespace();
          byte next = next();
          if (next == '}') {
            break;
          }
          if (next != ',') {
            throw Malformed.NOT_JSON;
          }
          whitespace();
        }
      }
      if (!hasDevice) {
        return Verdict.rejected(RejectReason.MISSING_DSTDEVICE);
      }
      if (dstdevice == null || dstdevice.isEmpty()) {
        return Verdict.rejected(RejectReason.INVALID_DSTDEVICE);
      }
      if (!hasPort) {
        return Verdict.rejected(RejectReason.MISSING_DSTPORT);
      }
      if (!portValid) {
        return Verdict.rejected(RejectReason.INVALID_DSTPORT);
      }
      return webPort ? Verdict.webFlow(dstdevice) : Verdict.OTHER_FLOW;
    }

    private boolean nameIs(byte[] wanted, int start, int stop, boolean nameEscaped) {
      if (nameEscaped) {
        return new String(wanted, StandardCharsets.US_ASCII).equals(decode(start, stop));
      }
      if (stop - start != wanted.length) {
        return false;
      }
      for (int i = 0; i < wanted.length; i++) {
        if (b[start + i] != wanted[i]) {
          return false;
        }
      }
      return true;
    }

    /** The web port an integer of at most 6 characters (sign included) is, or -1. */
    private int webInteger(int start, int stop) {
      if (stop - start > 6) {
        return -1; // no port has more than 5 digits and a sign
      }
      boolean negative = b[start] == '-';
      long value = 0;
      for (int i = negative ? start + 1 : start; i < stop; i++) {
        value = value * 10 + (b[i] - '0');
      }
      value = negative ? -value : value;
      return webPorts.matchesInteger(value) ? (int) value : -1;
    }

    /** The evidence member a name is (an index of EVIDENCE_NAMES), or -1. */
    private int evidenceSlot(int start, int stop, boolean nameEscaped) {
      for (int slot = 0; slot < EVIDENCE_NAMES.length; slot++) {
        if (nameIs(EVIDENCE_NAMES[slot], start, stop, nameEscaped)) {
          return slot;
        }
      }
      return -1;
    }

    /** Scans an evidence member's value and notes where it lies; the last one of a name wins. */
    private void evidenceValue(int slot) {
      byte first = peek();
      byte kind = NONE;
      int start = p;
      if (first == '"') {
        start = p + 1;
        string();
        kind = escaped ? ESCAPED_STRING : STRING;
        evidenceEnd[slot] = p - 1;
      } else if (first == '-' || (first >= '0' && first <= '9')) {
        kind = number() ? INTEGER : NONE;
        evidenceEnd[slot] = p;
      } else {
        skipValue(1);
      }
      evidenceKind[slot] = kind;
      evidenceStart[slot] = start;
    }

    /** A web flow's evidence, once its line is judged one. */
    void evidence(FlowFields fields) {
      String client = null;
      if (evidenceKind[SRCDEVICE] == STRING || evidenceKind[SRCDEVICE] == ESCAPED_STRING) {
        int start = evidenceStart[SRCDEVICE];
        int stop = evidenceEnd[SRCDEVICE];
        client =
            evidenceKind[SRCDEVICE] == ESCAPED_STRING
                ? decode(start, stop)
                : new String(b, start, stop - start, StandardCharsets.UTF_8);
        if (client.isEmpty()) {
          client = null;
        }
      }
      fields.set(
          port,
          client,
          number(TIME),
          number(DSTPACKETS),
          number(SRCBYTES),
          number(DSTBYTES));
    }

    private long number(int slot) {
      int start = evidenceStart[slot];
      int stop = evidenceEnd[slot];
      return switch (evidenceKind[slot]) {
        case STRING -> Numerals.digits(b, start, stop);
        case ESCAPED_STRING -> Numerals.digits(decode(start, stop));
        case INTEGER -> Numerals.jsonInteger(b, start, stop);
        default -> FlowFields.ABSENT;
      };
    }

    /** Skips one complete value at {@code p}, nested ones included, without recursion. */
    private void skipValue(int depth) {
      // Whether each open container is an array; only grown when nesting is met.
      boolean[] arrays = null;
      int open = 0;
      while (true) {
        byte c = peek();
        if (c == '{' || c == '[') {
          if (depth + open + 1 > MAX_NESTING_DEPTH) {
            throw Malformed.TOO_DEEP;
          }
          if (arrays == null) {
            arrays = new boolean[16];
          } else if (open == arrays.length) {
            arrays = java.util.Arrays.copyOf(arrays, Math.min(open * 2, MAX_NESTING_DEPTH + 1));
          }
          boolean array = c == '[';
          arrays[open++] = array;
          p++;
          whitespace();
          if (peek() == (array ? ']' : '}')) {
            p++;
            open--;
          } else {
            if (!array) {
              member();
            }
            continue; // a value follows
          }
        } else {
          scalar(c);
        }
        // After a value: close containers or move to the next element.
        while (open > 0) {
          whitespace();
          byte next = next();
          boolean array = arrays[open - 1];
          if (next == ',') {
            whitespace();
            if (!array) {
              member();
            }
            break;
          }
          if (next != (array ? ']' : '}')) {
            throw Malformed.NOT_JSON;
          }
          open--;
        }
        if (open == 0) {
          return;
        }
      }
    }

    /** A member's name and colon; its value follows. */
    private void member() {
      string();
      whitespace();
      expect(':');
      whitespace();
    }

    private void scalar(byte c) {
      if (c == '"') {
        string();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        number();
      } else if (c == 't') {
        literal("true");
      } else if (c == 'f') {
        literal("false");
      } else if (c == 'n') {
        literal("null");
      } else {
        throw Malformed.NOT_JSON;
      }
    }

    private void literal(String word) {
      if (end - p < word.length()) {
        throw Malformed.NOT_JSON;
      }
      for (int i = 0; i < word.length(); i++) {
        if (b[p + i] != word.charAt(i)) {
          throw Malformed.NOT_JSON;
        }
      }
      p += word.length();
    }

    /** A number per RFC 8259; true when it is an integer (no fraction, no exponent). */
    private boolean number() {
      if (b[p] == '-') {
        p++;
      }
      if (p == end) {
        throw Malformed.NOT_JSON;
      }
      if (b[p] == '0') {
        p++;
        if (p < end && isDigit(b[p])) {
          throw Malformed.NOT_JSON; // leading zero
        }
      } else {
        digits();
      }
      boolean integer = true;
      if (p < end && b[p] == '.') {
        p++;
        digits();
        integer = false;
      }
      if (p < end && (b[p] == 'e' || b[p] == 'E')) {
        p++;
        if (p < end && (b[p] == '+' || b[p] == '-')) {
          p++;
        }
        digits();
        integer = false;
      }
      return integer;
    }

    /** One or more digits. */
    private void digits() {
      if (p == end || !isDigit(b[p])) {
        throw Malformed.NOT_JSON;
      }
      do {
        p++;
      } while (p < end && isDigit(b[p]));
    }

    private static boolean isDigit(byte c) {
      return c >= '0' && c <= '9';
    }

    /** A string at {@code p} (on its opening quote); leaves {@code p} after the closing quote. */
    private void string() {
      if (peek() != '"') {
        throw Malformed.NOT_JSON;
      }
      // Locals, not fields, in the loop: this is where a line's bytes are spent.
      byte[] bytes = b;
      int at = p + 1;
      int stop = end;
      boolean hadEscape = false;
      while (true) {
        if (at == stop) {
          throw Malformed.NOT_JSON;
        }
        byte c = bytes[at++];
        if (c == '"') {
          break;
        }
        if (c >= 0x20 && c != '\\') {
          continue; // the common case: printable ASCII
        }
        if (c == '\\') {
          hadEscape = true;
          p = at;
          escape();
          at = p;
        } else if (c < 0) {
          sawNonAscii = true;
        } else {
          throw Malformed.NOT_JSON; // control characters must be escaped
        }
      }
      p = at;
      escaped = hadEscape;
    }

    private void escape() {
      if (p == end) {
        throw Malformed.NOT_JSON;
      }
      byte c = b[p++];
      switch (c) {
        case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {}
        case 'u' -> {
          for (int i = 0; i < 4; i++) {
            if (p == end || Character.digit(b[p++], 16) < 0) {
              throw Malformed.NOT_JSON;
            }
          }
        }
        default -> throw Malformed.NOT_JSON;
      }
    }

    /** The string at {@code p}, decoded; leaves {@code p} after it. */
    private String decodedString() {
      int start = p + 1;
      string();
      return escaped
          ? decode(start, p - 1)
          : new String(b, start, p - 1 - start, StandardCharsets.UTF_8);
    }

    /** The text of an already validated string body between {@code start} and {@code stop}. */
    private String decode(int start, int stop) {
      StringBuilder text = new StringBuilder(stop - start);
      int run = start;
      int i = start;
      while (i < stop) {
        if (b[i] != '\\') {
          i++;
          continue;
        }
        text.append(new String(b, run, i - run, StandardCharsets.UTF_8));
        byte c = b[i + 1];
        switch (c) {
          case 'b' -> text.append('\b');
          case 'f' -> text.append('\f');
          case 'n' -> text.append('\n');
          case 'r' -> text.append('\r');
          case 't' -> text.append('\t');
          case 'u' -> text.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16));
          default -> text.append((char) c); // " \ /
        }
        i += c == 'u' ? 6 : 2;
        run = i;
      }
      text.append(new String(b, run, stop - run, StandardCharsets.UTF_8));
      return text.toString();
    }

    private void whitespace() {
      int at = p;
      while (at < end) {
        byte c = b[at];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          break;
        }
        at++;
      }
      p = at;
    }

    private byte peek() {
      if (p == end) {
        throw Malformed.NOT_JSON;
      }
      return b[p];
    }

    private byte next() {
      byte c = peek();
      p++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw Malformed.NOT_JSON;
      }
    }
  }
}
