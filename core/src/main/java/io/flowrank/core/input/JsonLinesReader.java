package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON lines (format 1 of DESIGN §1): one record per line, LF or CRLF, the last line with or
 * without a newline, a UTF-8 byte-order mark at the start ignored. Lines are kept as raw bytes and
 * never decoded here. At most {@code maxRecordBytes} bytes of a line are kept; the rest of a longer
 * line is counted, not stored, so a huge line costs no more memory than the limit.
 *
 * <p>It is the line splitter of {@link CsvReader} too: a CSV row is one physical line.
 */
public final class JsonLinesReader implements RecordReader {

  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private boolean eof;

  private final RecordBuffer line;
  private long lineNumber;
  private byte lastByte;

  public JsonLinesReader(InputStream in, int maxRecordBytes) {
    this.line = new RecordBuffer(maxRecordBytes);
    this.in = in;
  }

  @Override
  public boolean next() throws IOException {
    line.clear();
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
      int newline = Newlines.indexOf(chunk, chunkPos, chunkEnd);
      int end = newline < 0 ? chunkEnd : newline;
      if (end > chunkPos) {
        line.append(chunk, chunkPos, end - chunkPos);
        lastByte = chunk[end - 1];
      }
      if (newline >= 0) {
        chunkPos = newline + 1;
        break;
      }
      chunkPos = chunkEnd;
    }
    lineNumber++;
    if (line.size > 0 && lastByte == '\r') {
      line.dropLast(1);
    }
    if (lineNumber == 1 && line.length >= 3 && isBom(line.bytes)) {
      line.dropFirst(3);
    }
    return true;
  }

  private static boolean isBom(byte[] b) {
    return b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
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
    return line.bytes;
  }

  @Override
  public int length() {
    return line.length;
  }

  @Override
  public long size() {
    return line.size;
  }

  @Override
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public InputFormat format() {
    return InputFormat.JSON_LINES;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
