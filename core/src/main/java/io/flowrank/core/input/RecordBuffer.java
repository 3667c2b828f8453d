package io.flowrank.core.input;

import java.util.Arrays;

/**
 * The bytes of the record being read, kept up to a limit: the rest of a longer record is counted,
 * not stored, so a huge record costs no more memory than the limit. Shared by the readers, so all
 * cut records the same way.
 */
final class RecordBuffer {

  private final int maxBytes;
  /** The kept bytes, from index 0. */
  byte[] bytes = new byte[1024];
  /** How many bytes are kept: at most {@code maxBytes}. */
  int length;
  /** The record's real size: larger than {@link #length} when it was cut. */
  long size;

  RecordBuffer(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive");
    }
    this.maxBytes = maxBytes;
  }

  void clear() {
    length = 0;
    size = 0;
  }

  /** Adds {@code count} bytes of {@code src} from {@code from}: counted all, kept up to the limit. */
  void append(byte[] src, int from, int count) {
    if (count == 0) {
      return;
    }
    size += count;
    int keep = Math.min(count, maxBytes - length);
    if (keep <= 0) {
      return;
    }
    ensureRoom(keep);
    System.arraycopy(src, from, bytes, length, keep);
    length += keep;
  }

  /** Puts one byte before the record; a byte falls off the end when the record is full. */
  void prepend(byte b) {
    size++;
    if (length < maxBytes) {
      ensureRoom(1);
      length++;
    }
    System.arraycopy(bytes, 0, bytes, 1, length - 1);
    bytes[0] = b;
  }

  /** Drops the last {@code count} bytes of the record, kept or only counted. */
  void dropLast(long count) {
    size -= count;
    if (length > size) {
      length = (int) size;
    }
  }

  private void ensureRoom(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(bytes.length * 2, length + more)));
    }
  }
}
