package io.flowrank.core.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays out values exactly as {@code csvjson} does, one of two ways: {@link #stream()} as {@code
 * csvjson --stream}, a flat object on one line ({@code {"a": "1", "b": "2"}}); {@link #indented()}
 * as {@code csvjson --indent 2} (Python's {@code json.dump} with {@code indent=2}), one member per
 * line, {@code "key": "value"} separated by a comma at the line end, two spaces per level.
 *
 * <p>Nothing is written between root values: the caller delimits them, so it can cut a line, and
 * writes the brackets and commas of a JSON array file itself, its elements being root values one
 * level deep.
 */
final class CsvjsonPrettyPrinter implements PrettyPrinter {

  /** Spaces per level; 0 keeps a value on one line. */
  private final int indent;
  /** The array of the file is level 1. */
  private int depth = 1;

  private CsvjsonPrettyPrinter(int indent) {
    this.indent = indent;
  }

  /** The layout of {@code csvjson --stream}: one line a value. */
  static CsvjsonPrettyPrinter stream() {
    return new CsvjsonPrettyPrinter(0);
  }

  /** The layout of {@code csvjson --indent 2}: one line a member. */
  static CsvjsonPrettyPrinter indented() {
    return new CsvjsonPrettyPrinter(2);
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) {
    // Root values are delimited by the caller.
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    open(g, '{');
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    beforeFirst(g);
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    separate(g);
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    close(g, nrOfEntries, '}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    open(g, '[');
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    beforeFirst(g);
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    separate(g);
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    close(g, nrOfValues, ']');
  }

  private void open(JsonGenerator g, char bracket) throws IOException {
    g.writeRaw(bracket);
    depth++;
  }

  /** Before the first member: a line end when indented, nothing after the bracket on one line. */
  private void beforeFirst(JsonGenerator g) throws IOException {
    if (indent > 0) {
      newLine(g);
    }
  }

  private void separate(JsonGenerator g) throws IOException {
    if (indent > 0) {
      g.writeRaw(',');
      newLine(g);
    } else {
      g.writeRaw(", ");
    }
  }

  private void close(JsonGenerator g, int members, char bracket) throws IOException {
    depth--;
    if (indent > 0 && members > 0) {
      newLine(g);
    }
    g.writeRaw(bracket);
  }

  private void newLine(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
    for (int i = 0; i < depth * indent; i++) {
      g.writeRaw(' ');
    }
  }
}
