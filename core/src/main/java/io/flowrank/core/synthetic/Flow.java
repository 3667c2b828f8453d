package io.flowrank.core.synthetic;

/**
 * The flow being written: drawn by {@link FlowGenerator}, laid out by each format's {@link
 * RowWriter}. Numbers and device codes only, so drawing a flow allocates nothing.
 */
final class Flow {

  /** Ports from here on are anonymised: {@code Port} and five digits. */
  static final int ANONYMISED_PORT = 100_000;

  boolean webFlow;
  long time;
  long duration;
  int srcdevice;
  int dstdevice;
  int protocol;
  int srcport;
  int dstport;
  long srcpackets;
  long dstpackets;
  long srcbytes;
  long dstbytes;

  /**
   * Writes a port into {@code out} from 0, {@code 443} or {@code Port01234}; returns its length.
   */
  static int formatPort(int port, char[] out) {
    if (port < ANONYMISED_PORT) {
      return Digits.plain(port, out, 0);
    }
    out[0] = 'P';
    out[1] = 'o';
    out[2] = 'r';
    out[3] = 't';
    return Digits.padded(port - ANONYMISED_PORT, 5, out, 4);
  }
}
