package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the raw LANL CSV (format 3 of docs/design.md §1.2): one record per physical line, split as {@link
 * JsonLinesReader} splits them (LF or CRLF, a byte-order mark at the start ignored, long lines cut
 * with their real size), except that a first line equal to {@link #LANL_HEADER} is a header, not a
 * record. Line numbers stay physical: after a header, the first row is line 2.
 *
 * <p>A quoted field holding a line break is not joined across lines: each physical line is a
 * record, and the rules reject both halves for their unbalanced quotes.
 */
public final class CsvReader implements RecordReader {

  /** The names of the 11 LANL netflow fields, as the first line of a CSV may carry them. */
  public static final String LANL_HEADER =
      "time,duration,srcdevice,dstdevice,protocol,srcport,dstport,srcpackets,dstpackets,srcbytes,dstbytes";

  private static final byte[] HEADER = LANL_HEADER.getBytes(StandardCharsets.US_ASCII);

  private final JsonLinesReader lines;

  public CsvReader(InputStream in, int maxRecordBytes) {
    this.lines = new JsonLinesReader(in, maxRecordBytes);
  }

  @Override
  public boolean next() throws IOException {
    if (!lines.next()) {
      return false;
    }
    if (lines.lineNumber() == 1 && isHeader()) {
      return lines.next();
    }
    return true;
  }

  private boolean isHeader() {
    return lines.size() == HEADER.length
        && Arrays.equals(lines.buffer(), 0, lines.length(), HEADER, 0, HEADER.length);
  }

  @Override
  public byte[] buffer() {
    return lines.buffer();
  }

  @Override
  public int length() {
    return lines.length();
  }

  @Override
  public long size() {
    return lines.size();
  }

  @Override
  public long lineNumber() {
    return lines.lineNumber();
  }

  @Override
  public InputFormat format() {
    return InputFormat.CSV;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
