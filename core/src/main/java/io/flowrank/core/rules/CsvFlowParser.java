package io.flowrank.core.rules;

import java.nio.charset.StandardCharsets;

/**
 * The rules of docs/design.md §1.3 for a row of the raw LANL CSV (format 3), one physical line
 * without its line end:
 *
 * <ul>
 *   <li>a blank or whitespace-only line is {@link Verdict#BLANK}, not a record;
 *   <li>fields are separated by commas, with RFC 4180 quoting: a field that starts with a quote runs
 *       to the next lone quote, may hold commas and doubled quotes ({@code ""} for one), and must be
 *       followed by a comma or the end of the line; the quotes are not part of the value. A quote
 *       left open at the end of the line, a quote inside an unquoted field, or text after a closing
 *       quote is {@link RejectReason#UNBALANCED_QUOTES};
 *   <li>a row has exactly {@value #FIELDS} fields, else {@link RejectReason#FIELD_COUNT}; spaces
 *       are part of a field's value;
 *   <li>{@code dstdevice} (field {@value #DSTDEVICE_FIELD}) must not be empty, else {@link
 *       RejectReason#EMPTY_DSTDEVICE};
 *   <li>the row is a web flow when {@code dstport} (field {@value #DSTPORT_FIELD}) is exactly a
 *       configured port's canonical decimal text ({@code 80}, {@code 443}; not {@code 080}, {@code
 *       " 80"} or {@code Port80}), counted for its dstdevice (the unquoted value, decoded as UTF-8);
 *       any other well-formed row is another flow;
 *   <li>a row that is not valid UTF-8 is {@link RejectReason#INVALID_UTF8}, whatever else is wrong
 *       with it (as for JSON lines). Of the other faults the first in this order wins: unbalanced
 *       quotes, field count, empty dstdevice.
 * </ul>
 *
 * <p>Why so: this is the streams app's hot path for the raw data, so a row is judged in one pass
 * over its bytes, without a regex or a split, and nothing is allocated but a web flow's dstdevice.
 * Instances are immutable and thread-safe.
 */
public final class CsvFlowParser {

  /** Fields in a LANL netflow row. */
  public static final int FIELDS = 11;

  /** The 1-based field holding {@code dstdevice}. */
  public static final int DSTDEVICE_FIELD = 4;

  /** The 1-based field holding {@code dstport}. */
  public static final int DSTPORT_FIELD = 7;

  // The 1-based fields of a web flow's evidence (docs/design.md §1.5).
  private static final int TIME_FIELD = 1;
  private static final int SRCDEVICE_FIELD = 3;
  private static final int DSTPACKETS_FIELD = 9;
  private static final int SRCBYTES_FIELD = 10;
  private static final int DSTBYTES_FIELD = 11;

  private final WebPorts webPorts;

  public CsvFlowParser(WebPorts webPorts) {
    this.webPorts = webPorts;
  }

  /** The verdict on a whole array. */
  public Verdict parse(byte[] line) {
    return parse(line, 0, line.length);
  }

  /** The verdict on {@code length} bytes of {@code b} from {@code offset}: one row, no line end. */
  public Verdict parse(byte[] b, int offset, int length) {
    return parse(b, offset, length, null);
  }

  /**
   * {@link #parse(byte[], int, int)}, and for a web flow its other fields into {@code fields} when
   * given: the text of a numeric field must be digits, quotes aside.
   */
  public Verdict parse(byte[] b, int offset, int length, FlowFields fields) {
    if (FlowLineParser.isBlank(b, offset, length)) {
      return Verdict.BLANK;
    }
    int end = offset + length;
    int field = 1;
    int deviceStart = 0;
    int deviceEnd = 0;
    boolean deviceDoubled = false;
    int portStart = 0;
    int portEnd = 0;
    boolean portDoubled = false;
    // Where each field of a web flow's evidence lies: a number holding a quote is empty (none).
    int srcStart = 0;
    int srcStop = 0;
    boolean srcDoubled = false;
    int timeStart = 0;
    int timeStop = 0;
    int packetsStart = 0;
    int packetsStop = 0;
    int srcBytesStart = 0;
    int srcBytesStop = 0;
    int dstBytesStart = 0;
    int dstBytesStop = 0;
    boolean nonAscii = false;
    int i = offset;
    while (true) {
      int start;
      int stop;
      boolean doubled = false;
      if (i < end && b[i] == '"') {
        int j = i + 1;
        while (true) {
          if (j == end) {
            return rejected(RejectReason.UNBALANCED_QUOTES, b, offset, length); // left open
          }
          byte c = b[j];
          if (c > '"') {
            j++;
            continue; // the common case
          }
          if (c == '"') {
            if (j + 1 < end && b[j + 1] == '"') {
              doubled = true;
              j += 2;
              continue;
            }
            break;
          }
          nonAscii |= c < 0;
          j++;
        }
        start = i + 1;
        stop = j;
        i = j + 1;
        if (i < end && b[i] != ',') {
          return rejected(RejectReason.UNBALANCED_QUOTES, b, offset, length); // text after it
        }
      } else {
        start = i;
        while (i < end) {
          byte c = b[i];
          if (c > ',') {
            i++;
            continue; // digits and letters: the common case
          }
          if (c == ',') {
            break;
          }
          if (c == '"') {
            return rejected(RejectReason.UNBALANCED_QUOTES, b, offset, length); // inside a field
          }
          nonAscii |= c < 0;
          i++;
        }
        stop = i;
      }
      if (field == DSTDEVICE_FIELD) {
        deviceStart = start;
        deviceEnd = stop;
        deviceDoubled = doubled;
      } else if (field == DSTPORT_FIELD) {
        portStart = start;
        portEnd = stop;
        portDoubled = doubled;
      } else if (fields != null) {
        int numberStop = doubled ? start : stop;
        switch (field) {
          case TIME_FIELD -> {
            timeStart = start;
            timeStop = numberStop;
          }
          case SRCDEVICE_FIELD -> {
            srcStart = start;
            srcStop = stop;
            srcDoubled = doubled;
          }
          case DSTPACKETS_FIELD -> {
            packetsStart = start;
            packetsStop = numberStop;
          }
          case SRCBYTES_FIELD -> {
            srcBytesStart = start;
            srcBytesStop = numberStop;
          }
          case DSTBYTES_FIELD -> {
            dstBytesStart = start;
            dstBytesStop = numberStop;
          }
          default -> {}
        }
      }
      if (i >= end) {
        break;
      }
      i++; // the comma
      field++;
    }
    if (field != FIELDS) {
      return rejected(RejectReason.FIELD_COUNT, b, offset, length);
    }
    if (deviceEnd == deviceStart) {
      return rejected(RejectReason.EMPTY_DSTDEVICE, b, offset, length);
    }
    if (nonAscii && !Utf8.isValid(b, offset, length)) {
      return Verdict.rejected(RejectReason.INVALID_UTF8);
    }
    // A value holding a quote is no port.
    int port = portDoubled ? -1 : webPorts.portOfAscii(b, portStart, portEnd - portStart);
    if (port < 0) {
      return Verdict.OTHER_FLOW;
    }
    if (fields != null) {
      fields.set(
          port,
          srcStop > srcStart ? device(b, srcStart, srcStop, srcDoubled, nonAscii) : null,
          Numerals.digits(b, timeStart, timeStop),
          Numerals.digits(b, packetsStart, packetsStop),
          Numerals.digits(b, srcBytesStart, srcBytesStop),
          Numerals.digits(b, dstBytesStart, dstBytesStop));
    }
    return Verdict.webFlow(device(b, deviceStart, deviceEnd, deviceDoubled, nonAscii));
  }

  /** A rejection, unless the row is not UTF-8 at all: that outranks every other fault. */
  private static Verdict rejected(RejectReason reason, byte[] b, int offset, int length) {
    return Verdict.rejected(
        Utf8.isValid(b, offset, length) ? reason : RejectReason.INVALID_UTF8);
  }

  /** The value of a field, its doubled quotes made single. */
  private static String device(byte[] b, int start, int stop, boolean doubled, boolean nonAscii) {
    if (!doubled) {
      // ASCII only: Latin-1 decoding is a plain copy and gives the same text as UTF-8.
      return new String(
          b, start, stop - start, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
    byte[] value = new byte[stop - start];
    int n = 0;
    for (int i = start; i < stop; i++) {
      value[n++] = b[i];
      if (b[i] == '"') {
        i++; // the second quote of the pair
      }
    }
    return new String(value, 0, n, StandardCharsets.UTF_8);
  }
}
