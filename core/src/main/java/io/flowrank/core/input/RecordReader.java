package io.flowrank.core.input;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the records of one input (a file, or standard input), one at a time, into a buffer it
 * reuses. The producer and the verifier read every format through this interface, so both see
 * exactly the same records.
 *
 * <p>A record is the raw bytes of one line, without its line end (LF or CRLF) and without the UTF-8
 * byte-order mark that may open a file; for a JSON array, one element as one line ({@link
 * JsonArrayReader}). Blank lines are returned too: what to skip is the rules' decision, not the
 * reader's. A record longer than the reader's limit is returned cut, with {@link #size()} telling
 * its real size. A record is judged by the rules of its reader's {@link #format()}.
 */
public interface RecordReader extends Closeable {

  /** Advances to the next record; false at the end of the batch. */
  boolean next() throws IOException;

  /** The buffer holding the current record from index 0; valid until the next call to {@link #next()}. */
  byte[] buffer();

  /** How many bytes of {@link #buffer()} the current record holds. */
  int length();

  /** The real size of the current record in bytes; larger than {@link #length()} when it was cut. */
  long size();

  /**
   * The 1-based line number of the current record in its file: its physical line for JSON lines
   * and CSV, its element's ordinal for a JSON array.
   */
  long lineNumber();

  /** The format of the input, which says by which rules its records are judged. */
  InputFormat format();

  /** True when the current record is longer than the reader's limit and was cut. */
  default boolean truncated() {
    return size() > length();
  }

  /** A copy of the current record's bytes. */
  default byte[] copy() {
    return java.util.Arrays.copyOf(buffer(), length());
  }
}
