package io.flowrank.core.synthetic;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Format 2: each file one JSON array of the {@code csvjson} objects, laid out as {@code csvjson
 * --indent 2} writes it and ended by a line end. A corrupt element never breaks the array: it is
 * an array or a string instead of an object, or an object without dstdevice; an empty slot is a
 * blank line between two elements.
 */
final class JsonArrayWriter extends CsvjsonWriter {

  private boolean firstElement;
  private int blankLines;

  JsonArrayWriter() throws IOException {
    super(CsvjsonPrettyPrinter.indented());
  }

  @Override
  void startFile(OutputStream file) throws IOException {
    super.startFile(file);
    out.write('[');
    firstElement = true;
    blankLines = 0;
  }

  @Override
  void endFile() throws IOException {
    lineBreaks();
    out.write(']');
    out.write('\n');
    super.endFile();
  }

  @Override
  CorruptionKind truncated(Flow flow, int jsonLinesCut) throws IOException {
    write(objects.values(flow));
    return CorruptionKind.ARRAY_ELEMENT;
  }

  @Override
  CorruptionKind text(Flow flow, String text) throws IOException {
    write(objects.text(text));
    return CorruptionKind.STRING_ELEMENT;
  }

  @Override
  CorruptionKind emptyLine() {
    blankLines++;
    return CorruptionKind.EMPTY_LINE;
  }

  /** The rendered element, after the comma that ends the one before and its line break. */
  @Override
  void write(int length) throws IOException {
    if (!firstElement) {
      out.write(',');
    }
    firstElement = false;
    lineBreaks();
    out.write(' ');
    out.write(' ');
    objects.line().writeTo(out, length);
  }

  /** A line end, and a blank line for each empty slot since the last element. */
  private void lineBreaks() throws IOException {
    for (int i = 0; i <= blankLines; i++) {
      out.write('\n');
    }
    blankLines = 0;
  }
}
