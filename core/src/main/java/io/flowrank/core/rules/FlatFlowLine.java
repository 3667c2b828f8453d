package io.flowrank.core.rules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link FlowLineParser} for the lines the LANL data is made of: one flat JSON
 * object whose names and values are all strings of printable ASCII without escapes, members
 * separated as {@code csvjson} writes them ({@code ", "} and {@code ": "}) or compactly ({@code ","}
 * and {@code ":"}), nothing before the brace or after it.
 *
 * <p>Such a line is valid JSON by construction, so only the verdict remains to be found: a web flow
 * or another flow. Anything else (an escape, a byte outside printable ASCII, a number, a nested
 * value, other white space, a missing or empty dstdevice or dstport) gets no answer here ({@code
 * null}), and the general scanner decides it: both paths give the same verdict on every line this
 * one answers ({@code FlowLineParserDifferentialTest}).
 *
 * <p>Why: the general scanner looks at one byte at a time and spends most of its time on the branch
 * that ends each token. Here a string's closing quote is found eight bytes at a time, and member
 * names are compared as one or two words.
 */
final class FlatFlowLine {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;
  // "dstdevic" and "dstport" followed by its closing quote, as little-endian words.
  private static final long DSTDEVIC = word("dstdevic");
  private static final long DSTPORT_QUOTE = word("dstport\"");
  // The evidence fields' names (docs/design.md §1.5), as words.
  private static final long SRCDEVIC = word("srcdevic");
  private static final long DSTPACKE = word("dstpacke");
  private static final long SRCBYTES = word("srcbytes");
  private static final long DSTBYTES = word("dstbytes");
  private static final int TIME = (int) INTS.get("time".getBytes(StandardCharsets.US_ASCII), 0);

  private FlatFlowLine() {}

  /**
   * The verdict on {@code b[from, end)} when it is a flat flow line as above, else null; for a web
   * flow, its other fields into {@code fields} when given.
   */
  static Verdict verdict(byte[] b, int from, int end, WebPorts webPorts, FlowFields fields) {
    if (end - from < 2 || b[from] != '{' || b[from + 1] != '"') {
      return null;
    }
    int p = from + 1; // on the quote opening the first name
    int deviceStart = -1;
    int deviceEnd = -1;
    int portStart = -1;
    int portEnd = -1;
    // The evidence fields: where each value's body starts and ends (-1: no such member).
    int srcStart = -1;
    int srcEnd = -1;
    int timeStart = -1;
    int timeEnd = -1;
    int packetsStart = -1;
    int packetsEnd = -1;
    int srcBytesStart = -1;
    int srcBytesEnd = -1;
    int dstBytesStart = -1;
    int dstBytesEnd = -1;
    while (true) {
      int nameStart = p + 1;
      int nameEnd = closingQuote(b, nameStart, end);
      if (nameEnd < 0) {
        return null;
      }
      p = nameEnd + 1;
      if (p >= end || b[p] != ':') {
        return null;
      }
      p++;
      if (p < end && b[p] == ' ') {
        p++;
      }
      if (p >= end || b[p] != '"') {
        return null;
      }
      int valueStart = p + 1;
      int valueEnd = closingQuote(b, valueStart, end);
      if (valueEnd < 0) {
        return null;
      }
      int nameLength = nameEnd - nameStart;
      // The last of a repeated name wins, as in the general scanner.
      switch (nameLength) {
        case 4 -> {
          if ((int) INTS.get(b, nameStart) == TIME) {
            timeStart = valueStart;
            timeEnd = valueEnd;
          }
        }
        case 7 -> {
          if ((long) LONGS.get(b, nameStart) == DSTPORT_QUOTE) {
            portStart = valueStart;
            portEnd = valueEnd;
          }
        }
        case 8 -> {
          long name = (long) LONGS.get(b, nameStart);
          if (name == SRCBYTES) {
            srcBytesStart = valueStart;
            srcBytesEnd = valueEnd;
          } else if (name == DSTBYTES) {
            dstBytesStart = valueStart;
            dstBytesEnd = valueEnd;
          }
        }
        case 9 -> {
          if (b[nameStart + 8] == 'e') {
            long name = (long) LONGS.get(b, nameStart);
            if (name == DSTDEVIC) {
              deviceStart = valueStart;
              deviceEnd = valueEnd;
            } else if (name == SRCDEVIC) {
              srcStart = valueStart;
              srcEnd = valueEnd;
            }
          }
        }
        case 10 -> {
          if ((long) LONGS.get(b, nameStart) == DSTPACKE
              && b[nameStart + 8] == 't'
              && b[nameStart + 9] == 's') {
            packetsStart = valueStart;
            packetsEnd = valueEnd;
          }
        }
        default -> {}
      }
      p = valueEnd + 1;
      if (p >= end) {
        return null;
      }
      byte c = b[p++];
      if (c == '}') {
        break;
      }
      if (c != ',') {
        return null;
      }
      if (p < end && b[p] == ' ') {
        p++;
      }
      if (p >= end || b[p] != '"') {
        return null;
      }
    }
    if (p != end || deviceStart < 0 || deviceEnd == deviceStart || portStart < 0) {
      return null; // trailing bytes, or a rejection: the general scanner says which
    }
    int port = webPorts.portOfAscii(b, portStart, portEnd - portStart);
    if (port < 0) {
      return Verdict.OTHER_FLOW;
    }
    if (fields != null) {
      fields.set(
          port,
          srcEnd > srcStart ? ascii(b, srcStart, srcEnd) : null,
          timeStart < 0 ? FlowFields.ABSENT : Numerals.digits(b, timeStart, timeEnd),
          packetsStart < 0 ? FlowFields.ABSENT : Numerals.digits(b, packetsStart, packetsEnd),
          srcBytesStart < 0 ? FlowFields.ABSENT : Numerals.digits(b, srcBytesStart, srcBytesEnd),
          dstBytesStart < 0 ? FlowFields.ABSENT : Numerals.digits(b, dstBytesStart, dstBytesEnd));
    }
    return Verdict.webFlow(ascii(b, deviceStart, deviceEnd));
  }

  /** Printable ASCII: Latin-1 decoding is a plain copy and gives the same text as UTF-8. */
  private static String ascii(byte[] b, int start, int end) {
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /**
   * The index of the quote closing a string whose body starts at {@code i}, or -1 when a byte that
   * needs the general scanner comes first (a backslash, a control character, a non-ASCII byte) or
   * the line ends.
   */
  private static int closingQuote(byte[] b, int i, int end) {
    for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
      long word = (long) LONGS.get(b, i);
      long quotes = word ^ QUOTES;
      long backslashes = word ^ BACKSLASHES;
      // Each term flags the bytes of one kind; a term's false positives lie above a true one, so
      // the lowest flagged byte of all is a true one.
      long flagged =
          ((quotes - ONES) & ~quotes)
              | ((backslashes - ONES) & ~backslashes)
              | ((word - SPACES) & ~word)
              | word;
      flagged &= HIGHS;
      if (flagged != 0) {
        int at = i + (Long.numberOfTrailingZeros(flagged) >>> 3);
        return b[at] == '"' ? at : -1;
      }
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c < 0x20 || c == '\\') { // negative bytes (non-ASCII) are below 0x20 too
        return -1;
      }
    }
    return -1;
  }

  private static long word(String eightAsciiCharacters) {
    return (long) LONGS.get(eightAsciiCharacters.getBytes(StandardCharsets.US_ASCII), 0);
  }
}
