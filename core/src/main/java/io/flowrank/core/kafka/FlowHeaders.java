package io.flowrank.core.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names of the record headers flowrank writes, and helpers to read them. Values are UTF-8 text. */
public final class FlowHeaders {

  /**
   * The input file (batch name) a rejected record came from: set by the producer on the lines it
   * rejects itself, by the streams app from the record's {@link FlowKey} on the others.
   */
  public static final String FILE = "flowrank.file";

  /** The 1-based line of a rejected record in its file; set with {@link #FILE}. */
  public static final String LINE = "flowrank.line";

  /** Why a record was rejected: a {@code RejectReason} name. */
  public static final String REASON = "flowrank.reason";

  /** The real size in bytes of a record that was cut before it went to the rejected topic. */
  public static final String SIZE = "flowrank.size";

  /**
   * How a frame's lines are to be judged when they are not JSON: {@code csv} for rows of the raw
   * LANL CSV, {@code judged} for a {@link JudgedFrame} (judged already). A frame without it holds
   * JSON lines (or JSON array elements, which travel as lines).
   */
  public static final String FORMAT = "flowrank.format";

  /**
   * The data-time watermark before a frame's first line, in seconds: the largest valid {@code time}
   * of the web flows the producer sent before it, 0 when none (docs/design.md, "Time"). A frame
   * without it is judged without lateness.
   */
  public static final String WATERMARK = "flowrank.watermark";

  /**
   * On the producer's last records of a replay, one per partition of {@code flows}, each holding no
   * line: its input has ended, so no earlier window of data time can still gain a flow from it and
   * the events waiting for those windows may go out (docs/design.md, "Time"). Value {@code true}.
   */
  public static final String END = "flowrank.end";

  /** The value of {@link #FORMAT} on a frame of CSV rows. */
  public static final String FORMAT_CSV = "csv";

  /**
   * The value of {@link #FORMAT} on a {@link JudgedFrame}: lines the producer judged, in binary,
   * not text.
   */
  public static final String FORMAT_JUDGED = "judged";

  private FlowHeaders() {}

  public static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A number as a header value: its decimal digits, ASCII. */
  public static byte[] decimal(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The {@link #WATERMARK} of a frame, or -1 when it has none or one that is not a number of 0 to
   * 18 digits (a header another writer set).
   */
  public static long watermark(Headers headers) {
    Header header = headers.lastHeader(WATERMARK);
    byte[] digits = header == null ? null : header.value();
    if (digits == null || digits.length == 0 || digits.length > 18) {
      return -1;
    }
    long value = 0;
    for (byte b : digits) {
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  /** Whether the record is the end of a replay ({@link #END}). */
  public static boolean isEnd(Headers headers) {
    return headers.lastHeader(END) != null;
  }

  /** The last value of a header, or null. */
  public static String get(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
