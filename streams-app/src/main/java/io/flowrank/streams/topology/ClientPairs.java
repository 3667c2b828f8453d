package io.flowrank.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The keys of {@code webserver-clients}: one per (dstdevice, client) pair ever seen, on the
 * device's partition, so a device's distinct clients are counted exactly and once across crashes
 * (the store is changelogged under exactly-once like the counts). Key: the device's UTF-8 length
 * as a varint, its bytes, then the client's bytes; the value is empty.
 */
final class ClientPairs {

  static final byte[] PRESENT = new byte[0];

  private ClientPairs() {}

  static Bytes key(byte[] device, String client) {
    byte[] name = client.getBytes(StandardCharsets.UTF_8);
    int prefix = varintLength(device.length);
    byte[] key = new byte[prefix + device.length + name.length];
    int at = 0;
    for (long value = device.length; ; value >>>= 7) {
      if ((value & ~0x7FL) == 0) {
        key[at++] = (byte) value;
        break;
      }
      key[at++] = (byte) ((value & 0x7F) | 0x80);
    }
    System.arraycopy(device, 0, key, at, device.length);
    System.arraycopy(name, 0, key, at + device.length, name.length);
    return Bytes.wrap(key);
  }

  private static int varintLength(int value) {
    int length = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      length++;
    }
    return length;
  }
}
