package io.flowrank.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;

/**
 * The three input formats of docs/design.md §1, told by content (after decompression), never by name: the
 * first non-blank byte, after an optional UTF-8 byte-order mark, is {@code {} for JSON lines,
 * {@code [} for a JSON array, anything else for CSV. An input with no non-blank byte (an empty
 * file) is JSON lines: it has no records either way.
 */
public enum InputFormat {
  /** One JSON object per line ({@code csvjson --stream}): {@link JsonLinesReader}. */
  JSON_LINES,
  /** One JSON array of objects per file ({@code csvjson}): {@link JsonArrayReader}. */
  JSON_ARRAY,
  /** The raw LANL CSV, 11 fields a row: {@link CsvReader}. */
  CSV;

  /**
   * How far {@link #detect} looks for the first non-blank byte. An input that opens with more
   * blank bytes than this (a megabyte of empty lines) is read as JSON lines.
   */
  public static final int DETECTION_LIMIT = 1 << 20;

  /**
   * Tells the format of a (decompressed) stream from its first non-blank byte, leaving the stream
   * where it was (mark and reset). Blank bytes are those of a blank line: space, tab, CR, LF, form
   * feed, vertical tab.
   */
  public static InputFormat detect(BufferedInputStream in) throws IOException {
    in.mark(DETECTION_LIMIT);
    int first = -1;
    try {
      int b = in.read();
      if (b == 0xEF) {
        // A byte-order mark only counts whole; otherwise 0xEF is the first non-blank byte.
        int b2 = in.read();
        int b3 = b2 == 0xBB ? in.read() : -1;
        b = b2 == 0xBB && b3 == 0xBF ? in.read() : 0xEF;
      }
      for (int seen = 1; b >= 0 && seen < DETECTION_LIMIT - 3; seen++) {
        if (!isBlank(b)) {
          first = b;
          break;
        }
        b = in.read();
      }
    } finally {
      in.reset();
    }
    // Release the mark: the readers then read through the buffer without growing it.
    in.mark(0);
    return switch (first) {
      case '{', -1 -> JSON_LINES;
      case '[' -> JSON_ARRAY;
      default -> CSV;
    };
  }

  private static boolean isBlank(int b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == 0x0B;
  }
}
