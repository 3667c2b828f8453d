package io.flowrank.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens any input of docs/design.md §1 the same way for the producer and the verifier: decompresses it
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
  public static RecordReader open(InputStream raw, int maxRecordBytes) throws IOException {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive");
    }
    BufferedInputStream content = Compression.decompressed(raw);
    try {
      return switch (InputFormat.detect(content)) {
        case JSON_LINES -> new JsonLinesReader(content, maxRecordBytes);
        case JSON_ARRAY -> new JsonArrayReader(content, maxRecordBytes);
        case CSV -> new CsvReader(content, maxRecordBytes);
      };
    } catch (IOException | RuntimeException e) {
      content.close();
      throw e;
    }
  }
}
