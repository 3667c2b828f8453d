package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the readers that scan their input byte by byte share: the input read in chunks of 64 KiB, a
 * UTF-8 byte-order mark opening it passed over, and the current record kept in a {@link
 * RecordBuffer} (cut at the limit, its real size counted). Subclasses say where records end.
 */
abstract class ChunkedReader implements RecordReader {

  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  /** The chunk being scanned: bytes {@link #chunkPos} to {@link #chunkEnd} are not consumed yet. */
  final byte[] chunk = new byte[CHUNK];
  int chunkPos;
  int chunkEnd;
  private boolean eof;
  private boolean started;

  /** The current record. */
  final RecordBuffer record;

  ChunkedReader(InputStream in, int maxRecordBytes) {
    this.record = new RecordBuffer(maxRecordBytes);
    this.in = in;
  }

  /** Reads the next chunk; false at the end of the input. */
  final boolean fill() throws IOException {
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
    if (!started) {
      started = true;
      if (n >= 3 && chunk[0] == (byte) 0xEF && chunk[1] == (byte) 0xBB && chunk[2] == (byte) 0xBF) {
        chunkPos = 3;
      }
    }
    return true;
  }

  @Override
  public final byte[] buffer() {
    return record.bytes;
  }

  @Override
  public final int length() {
    return record.length;
  }

  @Override
  public final long size() {
    return record.size;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
