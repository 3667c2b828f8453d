package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a JSON array of objects (format 2 of docs/design.md §1.2, what {@code csvjson} writes without {@code
 * --stream}), compact or pretty-printed, in constant memory: each element is one record, judged
 * like a JSON line, numbered by its ordinal from 1 ({@link #lineNumber()}).
 *
 * <p>A record is the element's raw bytes with its line breaks between tokens turned into spaces,
 * so that it travels as one line (docs/design.md §3.1); a line break inside a string becomes a CR, invalid
 * there as the break was, so the element is rejected as it would be on its own line. Elements are
 * split by a state machine that follows strings and bracket depth, never parsed: a malformed one
 * still ends at the next comma at the array's level and is rejected alone. Where the array itself
 * breaks (the input ends before the closing bracket, a brace closes nothing, an element is empty,
 * bytes follow the array), the rest of the input is ONE record, starting with the last separator
 * before the break ({@code [}, {@code ,} or {@code ]}) so that the rules always reject it.
 */
public final class JsonArrayReader extends ChunkedReader {

  private enum State {
    /** Before the opening bracket: a byte-order mark and white space are passed over. */
    BEFORE_ARRAY,
    /** After the opening bracket or a comma: white space, then an element (or {@code ]}). */
    BEFORE_ELEMENT,
    /** Inside an element. */
    IN_ELEMENT,
    /** After the closing bracket: only white space may follow. */
    AFTER_ARRAY,
    /** The array broke: the rest of the input is one record. */
    BROKEN,
    /** Nothing more. */
    DONE
  }

  private long ordinal;
  private State state = State.BEFORE_ARRAY;
  // The array's last separator: '[' after the opening bracket, ',' after an element's end.
  private byte separator;

  // The element's scan, kept across chunks.
  private long depth;
  private boolean inString;
  private boolean escaped;
  // White space at the end of what the record holds so far (left out when the record ends).
  private long trailingBlanks;

  public JsonArrayReader(InputStream in, int maxRecordBytes) {
    super(in, maxRecordBytes);
  }

  @Override
  public boolean next() throws IOException {
    record.clear();
    trailingBlanks = 0;
    while (true) {
      if (state == State.DONE) {
        return false;
      }
      if (chunkPos == chunkEnd && !fill()) {
        return atEnd();
      }
      switch (state) {
        case BEFORE_ARRAY -> beforeArray();
        case BEFORE_ELEMENT -> beforeElement();
        case IN_ELEMENT -> {
          if (inElement()) {
            return true;
          }
        }
        case AFTER_ARRAY -> afterArray();
        case BROKEN -> broken();
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  /** The input ended in {@link #state}: the last record, if any. */
  private boolean atEnd() {
    switch (state) {
      case BEFORE_ARRAY, AFTER_ARRAY -> {
        state = State.DONE;
        return false;
      }
      case BEFORE_ELEMENT -> {
        // "[" or "[{...}," and then nothing: the separator alone is the break.
        record.append(new byte[] {separator}, 0, 1);
        return finish(State.DONE);
      }
      case IN_ELEMENT -> {
        record.prepend(separator);
        return finish(State.DONE);
      }
      case BROKEN -> {
        return finish(State.DONE);
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void beforeArray() {
    int p = chunkPos;
    while (p < chunkEnd && isBlankOutside(chunk[p])) {
      p++;
    }
    chunkPos = p;
    if (p == chunkEnd) {
      return;
    }
    if (chunk[p] == '[') {
      chunkPos = p + 1;
      separator = '[';
      state = State.BEFORE_ELEMENT;
    } else {
      // Not an array at all: the whole input is the break, as is.
      state = State.BROKEN;
    }
  }

  private void beforeElement() {
    int p = chunkPos;
    while (p < chunkEnd && isBlank(chunk[p])) {
      p++;
    }
    chunkPos = p;
    if (p == chunkEnd) {
      return;
    }
    byte c = chunk[p];
    if (c == ']' && separator == '[') {
      chunkPos = p + 1;
      state = State.AFTER_ARRAY; // "[]"
    } else if (c == ']' || c == ',') {
      breakHere(); // an empty element: "[,", ",," or ",]"
    } else {
      depth = 0;
      inString = false;
      escaped = false;
      state = State.IN_ELEMENT;
    }
  }

  /**
   * Scans the element on from {@link #chunkPos}; true when it ended (the record is ready), false
   * when the chunk ran out first or the array broke.
   */
  private boolean inElement() {
    byte[] b = chunk;
    int from = chunkPos;
    int end = chunkEnd;
    long depth = this.depth;
    boolean inString = this.inString;
    boolean escaped = this.escaped;
    long blanks = trailingBlanks;
    int i = from;
    byte closer = 0;
    for (; i < end; i++) {
      byte c = b[i];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
        if (c == '\n') {
          b[i] = '\r'; // invalid in a string, as the line break was
        }
        continue;
      }
      switch (c) {
        case ' ', '\t' -> {
          blanks++;
          continue;
        }
        case '\n', '\r' -> {
          b[i] = ' ';
          blanks++;
          continue;
        }
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (depth == 0) {
            closer = c;
          } else {
            depth--;
          }
        }
        case ',' -> {
          if (depth == 0) {
            closer = c;
          }
        }
        default -> {
          // any other byte of the element
        }
      }
      if (closer != 0) {
        break;
      }
      blanks = 0;
    }
    record.append(b, from, i - from);
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    trailingBlanks = blanks;
    if (closer == 0) {
      chunkPos = end;
      return false;
    }
    if (closer == '}') {
      // Closes nothing the element opened: the array is broken from the element's start.
      chunkPos = i;
      record.prepend(separator);
      state = State.BROKEN;
      return false;
    }
    chunkPos = i + 1;
    separator = closer == ',' ? (byte) ',' : separator;
    return finish(closer == ',' ? State.BEFORE_ELEMENT : State.AFTER_ARRAY);
  }

  private void afterArray() {
    int p = chunkPos;
    while (p < chunkEnd && isBlankOutside(chunk[p])) {
      p++;
    }
    chunkPos = p;
    if (p < chunkEnd) {
      separator = ']';
      breakHere(); // bytes after the array
    }
  }

  /** The array breaks at {@link #chunkPos}: the separator, then the rest of the input. */
  private void breakHere() {
    record.append(new byte[] {separator}, 0, 1);
    trailingBlanks = 0;
    state = State.BROKEN;
  }

  /** Takes the rest of the chunk into the broken array's record, line breaks as spaces. */
  private void broken() {
    byte[] b = chunk;
    int from = chunkPos;
    int end = chunkEnd;
    long blanks = trailingBlanks;
    for (int i = from; i < end; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') {
        b[i] = ' ';
        blanks++;
      } else if (c == ' ' || c == '\t') {
        blanks++;
      } else {
        blanks = 0;
      }
    }
    record.append(b, from, end - from);
    trailingBlanks = blanks;
    chunkPos = end;
  }

  /** Ends the current record: trailing white space left out, the next state set. */
  private boolean finish(State next) {
    record.dropLast(trailingBlanks);
    trailingBlanks = 0;
    state = next;
    ordinal++;
    return true;
  }

  /** JSON's insignificant white space. */
  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /**
   * White space around the array: that of blank lines, as {@link InputFormat#detect} passes over
   * it (form feeds and vertical tabs too).
   */
  private static boolean isBlankOutside(byte c) {
    return isBlank(c) || c == '\f' || c == 0x0B;
  }

  @Override
  public long lineNumber() {
    return ordinal;
  }

  @Override
  public InputFormat format() {
    return InputFormat.JSON_ARRAY;
  }

}
