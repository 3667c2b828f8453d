package io.flowrank.core.synthetic;

import java.io.IOException;

/**
 * The rows both JSON formats render the same way, as {@link CsvjsonObjects}: the header, a flow,
 * a flow without its dstdevice, a flow with a numeric dstport. A subclass says where a rendered
 * value goes ({@link #write}: a line, an array element) and renders the slots that differ.
 */
abstract class CsvjsonWriter extends RowWriter {

  /** Renders the values; {@link #write} takes them from its line. */
  final CsvjsonObjects objects;

  CsvjsonWriter(CsvjsonPrettyPrinter layout) throws IOException {
    this.objects = new CsvjsonObjects(layout);
  }

  /** Writes the first {@code length} bytes of the value just rendered into {@link #objects}. */
  abstract void write(int length) throws IOException;

  @Override
  boolean header() throws IOException {
    write(objects.header());
    return true;
  }

  @Override
  void flow(Flow flow) throws IOException {
    write(objects.flow(flow, true, false));
  }

  @Override
  CorruptionKind missingDstdevice(Flow flow) throws IOException {
    write(objects.flow(flow, false, false));
    return CorruptionKind.MISSING_DSTDEVICE;
  }

  @Override
  CorruptionKind numericDstport(Flow flow) throws IOException {
    write(objects.flow(flow, true, true));
    return CorruptionKind.NUMERIC_DSTPORT;
  }

  @Override
  void close() throws IOException {
    objects.close();
  }
}
