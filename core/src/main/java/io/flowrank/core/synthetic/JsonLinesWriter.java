package io.flowrank.core.synthetic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Format 1: one {@code csvjson --stream} object per line, {@code \n} line ends; corrupt rows are
 * cut lines, plain text, records without dstdevice, numeric dstports and empty lines.
 *
 * <p>The first non-blank line of a file is never plain text: readers tell the format by that
 * line's first byte (docs/design.md §1), and text there would make the file CSV. A text slot there is
 * written as the flow's line cut in half instead, rejected for the same reason.
 */
final class JsonLinesWriter extends CsvjsonWriter {

  /** No line but blank ones in the file yet. */
  private boolean onlyBlank;

  JsonLinesWriter() throws IOException {
    super(CsvjsonPrettyPrinter.stream());
  }

  @Override
  void startFile(OutputStream file) throws IOException {
    super.startFile(file);
    onlyBlank = true;
  }

  @Override
  CorruptionKind truncated(Flow flow, int jsonLinesCut) throws IOException {
    objects.flow(flow, true, false);
    write(jsonLinesCut);
    return CorruptionKind.TRUNCATED_JSON;
  }

  @Override
  CorruptionKind text(Flow flow, String text) throws IOException {
    if (onlyBlank) {
      write(objects.flow(flow, true, false) / 2);
      return CorruptionKind.TRUNCATED_JSON;
    }
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.write('\n');
    return CorruptionKind.NOT_JSON;
  }

  @Override
  CorruptionKind emptyLine() throws IOException {
    out.write('\n');
    return CorruptionKind.EMPTY_LINE;
  }

  /** The first {@code length} bytes of the rendered line and a line end. */
  @Override
  void write(int length) throws IOException {
    objects.line().writeTo(out, length);
    out.write('\n');
    onlyBlank = false;
  }
}
