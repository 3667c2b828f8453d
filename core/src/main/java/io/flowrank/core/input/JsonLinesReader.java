package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON lines (format 1 of docs/design.md §1.2): one record per line, LF or CRLF, the last line with or
 * without a newline, a UTF-8 byte-order mark at the start ignored. Lines are kept as raw bytes and
 * never decoded here. At most {@code maxRecordBytes} bytes of a line are kept; the rest of a longer
 * line is counted, not stored, so a huge line costs no more memory than the limit.
 *
 * <p>It is the line splitter of {@link CsvReader} too: a CSV row is one physical line.
 */
public final class JsonLinesReader extends ChunkedReader {

  private long lineNumber;
  private byte lastByte;

  public JsonLinesReader(InputStream in, int maxRecordBytes) {
    super(in, maxRecordBytes);
  }

  @Override
  public boolean next() throws IOException {
    record.clear();
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
        record.append(chunk, chunkPos, end - chunkPos);
        lastByte = chunk[end - 1];
      }
      if (newline >= 0) {
        chunkPos = newline + 1;
        break;
      }
      chunkPos = chunkEnd;
    }
    lineNumber++;
    if (record.size > 0 && lastByte == '\r') {
      record.dropLast(1);
    }
    return true;
  }

  @Override
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public InputFormat format() {
    return InputFormat.JSON_LINES;
  }

}
