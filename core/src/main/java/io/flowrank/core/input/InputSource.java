package io.flowrank.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens any input of DESIGN §1 the same way for the producer and the verifier: decompresses it
 * ({@link Compression}, by magic bytes), tells its format ({@link InputFormat}, by its first
 * non-blank byte) and picks the reader of that format. Nothing depends on a file's name.
 */
public final class InputSource {

  private InputSource() {}

  /**
   * A reader over {@code raw}, whatever its compression and format. Reads the first bytes at once
   * (to tell them); closing the reader closes {@code raw}.
   *
   * @throws IOException when {@code raw} cannot be read or a compressed header is broken
   */
  public static FlowReader open(InputStream raw, int maxRecordBytes) throws IOException {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive");
    }
    BufferedInputStream buffered = new BufferedInputStream(raw, Compression.BUFFER_BYTES);
    BufferedInputStream content;
    Compression compression;
    try {
      compression = Compression.detect(buffered);
      content =
          compression == Compression.NONE
              ? buffered
              : new BufferedInputStream(compression.decompress(buffered), Compression.BUFFER_BYTES);
    } catch (IOException | RuntimeException e) {
      buffered.close();
      throw e;
    }
    try {
      InputFormat format = InputFormat.detect(content);
      RecordReader reader =
          switch (format) {
            case JSON_LINES -> new JsonLinesReader(content, maxRecordBytes);
            case JSON_ARRAY -> new JsonArrayReader(content, maxRecordBytes);
            case CSV -> new CsvReader(content, maxRecordBytes);
          };
      return new Opened(reader, compression);
    } catch (IOException | RuntimeException e) {
      content.close();
      throw e;
    }
  }

  /** A format's reader, with the compression it was found under. */
  private static final class Opened implements FlowReader {
    private final RecordReader reader;
    private final Compression compression;

    Opened(RecordReader reader, Compression compression) {
      this.reader = reader;
      this.compression = compression;
    }

    @Override
    public boolean next() throws IOException {
      return reader.next();
    }

    @Override
    public byte[] buffer() {
      return reader.buffer();
    }

    @Override
    public int length() {
      return reader.length();
    }

    @Override
    public long size() {
      return reader.size();
    }

    @Override
    public long lineNumber() {
      return reader.lineNumber();
    }

    @Override
    public InputFormat format() {
      return reader.format();
    }

    @Override
    public Compression compression() {
      return compression;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
