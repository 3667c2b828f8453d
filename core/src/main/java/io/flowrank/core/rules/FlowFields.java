package io.flowrank.core.rules;

/**
 * What a web flow carries besides its dstdevice, for the evidence of docs/design.md §1.5: the web
 * port it went to, its client ({@code srcdevice}) and its numeric fields. A parser fills it when it
 * judges a line a web flow and is handed one; other verdicts leave it as it was.
 *
 * <p>A numeric field counts only when it is a decimal digit string or a JSON integer (CSV: the
 * field's text is digits) of value 0 ≤ v < 2^63; otherwise, or when the field is missing, it is
 * {@link #ABSENT}. A client is a non-empty {@code srcdevice} string (JSON escapes decoded, CSV
 * quotes removed); otherwise it is null.
 *
 * <p>Mutable and reused, so a line costs no allocation here: one instance per thread.
 */
public final class FlowFields {

  /** A numeric field that is missing or not a number the rules accept. */
  public static final long ABSENT = -1;

  int port;
  String srcdevice;
  long time = ABSENT;
  long dstpackets = ABSENT;
  long srcbytes = ABSENT;
  long dstbytes = ABSENT;

  /** The web port the flow went to. */
  public int port() {
    return port;
  }

  /** The client, or null when {@code srcdevice} is missing, empty or not a string. */
  public String srcdevice() {
    return srcdevice;
  }

  /** Data time in seconds, or {@link #ABSENT}. */
  public long time() {
    return time;
  }

  public long dstpackets() {
    return dstpackets;
  }

  public long srcbytes() {
    return srcbytes;
  }

  public long dstbytes() {
    return dstbytes;
  }

  /** Sets every field: a parser's, or a reader of judged frames' ({@code JudgedFrame}). */
  public void set(int port, String srcdevice, long time, long dstpackets, long srcbytes, long dstbytes) {
    this.port = port;
    this.srcdevice = srcdevice;
    this.time = time;
    this.dstpackets = dstpackets;
    this.srcbytes = srcbytes;
    this.dstbytes = dstbytes;
  }

  @Override
  public String toString() {
    return "FlowFields[port=" + port + ", srcdevice=" + srcdevice + ", time=" + time
        + ", dstpackets=" + dstpackets + ", srcbytes=" + srcbytes + ", dstbytes=" + dstbytes + "]";
  }
}
