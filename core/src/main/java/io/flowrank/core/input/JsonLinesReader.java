package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads JSON lines (format 1 of DESIGN §1): one record per line, LF or CRLF, the last line with or
 * without a newline, a UTF-8 byte-order mark at the start ignored. Lines are kept as raw bytes and
 * never decoded here. At most {@code maxRecordBytes} bytes of a line are kept; the rest of a longer
 * line is counted, not stored, so a huge line costs no more memory than the limit.
 */
public final class JsonLinesReader implements RecordReader {

  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final int maxRecordBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private boolean eof;

  private byte[] line = new byte[1024];
  private int length;
  private long size;
  private long lineNumber;
  private byte lastByte;

  public JsonLinesReader(InputStream in, int maxRecordBytes) {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive");
    }
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public boolean next() throws IOException {
    length = 0;
    size = 0;
    lastByte = 0;
    boolean sawAny = false;
    while (true) {
      if (chunkPos == chunkEnd && !fill()) {
        if (!sawAny) {
          return false;
        }
        break;
      }
      sawAny = true;
      int newline = indexOfNewline();
      int end = newline < 0 ? chunkEnd : newline;
      append(chunk, chunkPos, end - chunkPos);
      if (newline >= 0) {
        chunkPos = newline + 1;
        break;
      }
      chunkPos = chunkEnd;
    }
    lineNumber++;
    if (size > 0 && lastByte == '\r') {
      size--;
      if (length == size + 1) {
        length--;
      }
    }
    if (lineNumber == 1 && length >= 3 && isBom(line)) {
      System.arraycopy(line, 3, line, 0, length - 3);
      length -= 3;
      size -= 3;
    }
    return true;
  }

  private static boolean isBom(byte[] b) {
    return b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
  }

  private int indexOfNewline() {
    return Newlines.indexOf(chunk, chunkPos, chunkEnd);
  }

  private void append(byte[] src, int from, int count) {
    if (count == 0) {
      return;
    }
    size += count;
    lastByte = src[from + count - 1];
    int room = maxRecordBytes - length;
    int keep = Math.min(count, room);
    if (keep <= 0) {
      return;
    }
    if (length + keep > line.length) {
      line = Arrays.copyOf(line, Math.min(maxRecordBytes, Math.max(line.length * 2, length + keep)));
    }
    System.arraycopy(src, from, line, length, keep);
    length += keep;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.readNBytes(chunk, 0, CHUNK);
    if (n <= 0) {
      eof = true;
      return false;
    }
    chunkPos = 0;
    chunkEnd = n;
    return true;
  }

  @Override
  public byte[] buffer() {
    return line;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
