package io.flowrank.streams.topology;

import io.flowrank.core.binary.Varints;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The keys of {@code webserver-clients}: one per (dstdevice, client) pair ever seen, on the
 * device's partition, so a device's distinct clients are counted exactly and once across crashes
 * (the store is changelogged under exactly-once like the counts). Key: the device's UTF-8 length
 * as a varint, its bytes, then the client's bytes. The same keys, per window, make {@code
 * webserver-window-clients}.
 *
 * <p>The value says in which window of data time the pair was seen last: empty when in none
 * (flowrank before windows wrote every value empty, as {@code --window off} does for new pairs,
 * and neither puts pairs in windows), else the latest window's start as a varint. The window store
 * holds the pair's other windows (WindowCounter#client): a pair seen again in its latest window
 * needs no look-up, and one in a later window is new there without one; only a pair seen in an
 * earlier window than its latest (input out of order, or partitions processed at different paces)
 * is looked up.
 */
final class ClientPairs {

  /** The value of a pair seen in no window. */
  static final byte[] PRESENT = new byte[0];

  /** {@link #latestWindow} of a pair seen in no window. */
  static final long NO_WINDOW = -1;

  private ClientPairs() {}

  /** The value of a pair whose latest window starts at {@code start}. */
  static byte[] seenIn(long start) {
    if (start == NO_WINDOW) {
      return PRESENT;
    }
    Varints.Writer out = new Varints.Writer(10);
    out.writeVarint(start);
    return out.take();
  }

  /** The start of the latest window a pair was seen in, from its value; {@link #NO_WINDOW}. */
  static long latestWindow(byte[] value) {
    return value.length == 0
        ? NO_WINDOW
        : new Varints.Reader(value, "a webserver-clients value").readVarint();
  }

  /** The key of the pair: made only when a store is asked or written, not for every client met. */
  static Bytes key(String dstdevice, String client) {
    byte[] device = dstdevice.getBytes(StandardCharsets.UTF_8);
    byte[] name = client.getBytes(StandardCharsets.UTF_8);
    return key(device, 0, device.length, name, 0, name.length);
  }

  /** The same from the names' UTF-8 bytes. */
  static Bytes key(
      byte[] device, int deviceAt, int deviceLength, byte[] client, int clientAt, int clientLength) {
    int prefix = varintLength(deviceLength);
    byte[] key = new byte[prefix + deviceLength + clientLength];
    int at = 0;
    for (long value = deviceLength; ; value >>>= 7) {
      if ((value & ~0x7FL) == 0) {
        key[at++] = (byte) value;
        break;
      }
      key[at++] = (byte) ((value & 0x7F) | 0x80);
    }
    System.arraycopy(device, deviceAt, key, at, deviceLength);
    System.arraycopy(client, clientAt, key, at + deviceLength, clientLength);
    return Bytes.wrap(key);
  }

  /** The device and the client of a key made by {@link #key}. */
  static Pair pair(byte[] key) {
    Varints.Reader in = new Varints.Reader(key, "a webserver-clients key");
    return new Pair(in.readString(), in.readRest());
  }

  /** A key's two names. */
  record Pair(String device, String client) {}

  private static int varintLength(int value) {
    int length = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      length++;
    }
    return length;
  }
}
