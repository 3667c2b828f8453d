package io.flowrank.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * The value of a record of the repartition topic: the web flows of one frame to the devices of one
 * partition of {@code webserver-counts}, as pairs (dstdevice, web flows). The record is keyed by
 * the first of those devices, so it travels to the partition that holds all of them ({@link
 * DevicePartitioner}).
 *
 * <p>Why pairs in one record rather than a record per device: the LANL devices are many and spread,
 * so a frame of a thousand lines names nearly as many devices as it has web flows, and every Kafka
 * record costs the streams app and the broker more than the count it carries (README
 * "Performance"). One record per frame and partition keeps the repartition to a few records per
 * frame.
 *
 * <p>Encoding: per pair, the web flows as an unsigned varint, the device's UTF-8 length as an
 * unsigned varint, then its bytes.
 */
final class WebFlowBatch {

  private WebFlowBatch() {}

  /** Hands each (dstdevice, web flows) pair of {@code batch} to {@code action}, in order. */
  static void forEach(byte[] batch, ObjLongConsumer<String> action) {
    int[] at = {0};
    while (at[0] < batch.length) {
      long count = readVarint(batch, at);
      int length = (int) readVarint(batch, at);
      if (length < 0 || length > batch.length - at[0]) {
        throw new IllegalArgumentException("a web-flow batch is cut at byte " + at[0]);
      }
      action.accept(new String(batch, at[0], length, StandardCharsets.UTF_8), count);
      at[0] += length;
    }
  }

  private static long readVarint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("a web-flow batch is cut at byte " + at[0]);
      }
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a web-flow batch holds a varint longer than 64 bits");
  }

  /** Builds the batch of one partition, reused frame after frame. */
  static final class Builder {
    private byte[] bytes = new byte[256];
    private int length;
    private String first;

    boolean isEmpty() {
      return first == null;
    }

    /** The device the batch is keyed by: its first. */
    String first() {
      return first;
    }

    /** Adds a pair; {@code name} is the device's UTF-8 bytes. */
    void add(String dstdevice, byte[] name, long count) {
      if (first == null) {
        first = dstdevice;
      }
      ensure(20 + name.length);
      writeVarint(count);
      writeVarint(name.length);
      System.arraycopy(name, 0, bytes, length, name.length);
      length += name.length;
    }

    /** The batch's bytes; the builder is empty afterwards. */
    byte[] take() {
      byte[] batch = Arrays.copyOf(bytes, length);
      length = 0;
      first = null;
      return batch;
    }

    private void writeVarint(long value) {
      while ((value & ~0x7FL) != 0) {
        bytes[length++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[length++] = (byte) value;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
