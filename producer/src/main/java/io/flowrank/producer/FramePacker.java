package io.flowrank.producer;

import io.flowrank.core.kafka.FlowFrame;
import java.util.Arrays;

/**
 * Packs consecutive lines of one batch into {@link FlowFrame frames}: at most {@code
 * linesPerRecord} lines and {@link FlowFrame#MAX_BYTES} bytes per frame (a longer line alone). One
 * buffer, reused; a frame is copied out once, as the record's value.
 */
final class FramePacker {

  private final int linesPerRecord;
  private final int maxBytes;
  private byte[] buffer = new byte[64 * 1024];
  private int length;
  private int lines;
  private long firstLine;

  FramePacker(int linesPerRecord, int maxBytes) {
    if (linesPerRecord < 1) {
      throw new IllegalArgumentException("lines per record must be at least 1, got " + linesPerRecord);
    }
    this.linesPerRecord = linesPerRecord;
    this.maxBytes = maxBytes;
  }

  boolean isEmpty() {
    return lines == 0;
  }

  /** Whether a line of {@code lineBytes} joins the current frame (always, when it is empty). */
  boolean fits(int lineBytes) {
    return lines == 0 || (lines < linesPerRecord && length + 1L + lineBytes <= maxBytes);
  }

  /** Appends a line ({@link #fits} said so); the first line of a frame gives the frame its number. */
  void add(byte[] line, int lineBytes, long lineNumber) {
    int needed = lines == 0 ? lineBytes : length + 1 + lineBytes;
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
    if (lines == 0) {
      firstLine = lineNumber;
    } else {
      buffer[length++] = FlowFrame.SEPARATOR;
    }
    System.arraycopy(line, 0, buffer, length, lineBytes);
    length += lineBytes;
    lines++;
  }

  /** The line number of the frame's first line. */
  long firstLine() {
    return firstLine;
  }

  /** The frame's bytes; the packer is empty afterwards. */
  byte[] take() {
    byte[] frame = Arrays.copyOf(buffer, length);
    length = 0;
    lines = 0;
    return frame;
  }
}
