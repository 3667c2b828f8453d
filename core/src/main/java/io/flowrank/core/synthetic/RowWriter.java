package io.flowrank.core.synthetic;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Lays out the rows of one {@link OutputFormat}. {@link FlowGenerator} draws every row (its flow,
 * whether it is corrupt and in which slot) the same way in every format, so every format holds the
 * same flows; the writer renders the row and says which {@link CorruptionKind} it made of a corrupt
 * slot. The slots are named after the JSON-lines kinds.
 */
abstract class RowWriter {

  /** The file being written. */
  protected OutputStream out;

  static RowWriter of(OutputFormat format, long seed) throws IOException {
    switch (format) {
      case JSONL:
        return new JsonLinesWriter();
      case JSON_ARRAY:
        return new JsonArrayWriter();
      case CSV:
        return new CsvWriter(seed);
      default:
        throw new IllegalStateException("unknown format " + format);
    }
  }

  /** Starts a file; the generator closes the stream after {@link #endFile()}. */
  void startFile(OutputStream file) throws IOException {
    this.out = file;
  }

  /** Ends the file being written. */
  void endFile() throws IOException {
    out = null;
  }

  /** The header record csvjson echoes; false when the format has none (the raw CSV). */
  abstract boolean header() throws IOException;

  /** A well-formed flow. */
  abstract void flow(Flow flow) throws IOException;

  /**
   * The slot of {@link CorruptionKind#TRUNCATED_JSON}.
   *
   * @param jsonLinesCut where the flow's JSON line is cut: drawn in every format, so the flows after
   *     it are the same in every format
   */
  abstract CorruptionKind truncated(Flow flow, int jsonLinesCut) throws IOException;

  /** The slot of {@link CorruptionKind#NOT_JSON}: {@code text} is a line of plain ASCII text. */
  abstract CorruptionKind text(Flow flow, String text) throws IOException;

  /** The slot of {@link CorruptionKind#MISSING_DSTDEVICE}. */
  abstract CorruptionKind missingDstdevice(Flow flow) throws IOException;

  /**
   * The slot of {@link CorruptionKind#NUMERIC_DSTPORT}: a well-formed flow whose dstport is never
   * anonymised; counted as a web flow when it is one.
   */
  abstract CorruptionKind numericDstport(Flow flow) throws IOException;

  /** The slot of {@link CorruptionKind#EMPTY_LINE}: a blank line, not a record. */
  abstract CorruptionKind emptyLine() throws IOException;

  /** Releases what the writer holds once every file is written. */
  void close() throws IOException {}
}
