package io.flowrank.core.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays out the elements of a JSON array file as {@code csvjson --indent 2} does (Python's {@code
 * json.dump} with {@code indent=2}): one member per line, {@code "key": "value"} separated by a
 * comma at the line end, two spaces per level. The elements are written one by one as root values,
 * one level deep: the generator writes the brackets and commas of the file's array itself.
 */
final class IndentedPrettyPrinter implements PrettyPrinter {

  private static final int INDENT = 2;

  /** The array of the file is level 1. */
  private int depth = 1;

  @Override
  public void writeRootValueSeparator(JsonGenerator g) {
    // The array's commas and line ends are the caller's.
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    depth++;
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    newLine(g);
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    newLine(g);
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    depth--;
    if (nrOfEntries > 0) {
      newLine(g);
    }
    g.writeRaw('}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    depth++;
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    newLine(g);
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    newLine(g);
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    depth--;
    if (nrOfValues > 0) {
      newLine(g);
    }
    g.writeRaw(']');
  }

  private void newLine(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
    for (int i = 0; i < depth * INDENT; i++) {
      g.writeRaw(' ');
    }
  }
}
