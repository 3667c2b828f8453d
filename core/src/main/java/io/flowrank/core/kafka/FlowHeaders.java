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
   * LANL CSV. A frame without it holds JSON lines (or JSON array elements, which travel as lines).
   */
  public static final String FORMAT = "flowrank.format";

  /** The value of {@link #FORMAT} on a frame of CSV rows. */
  public static final String FORMAT_CSV = "csv";

  private FlowHeaders() {}

  public static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The last value of a header, or null. */
  public static String get(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
