package io.flowrank.core.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays out flat objects exactly as {@code csvjson --stream} does, {@code {"a": "1", "b": "2"}}, and
 * puts nothing between root values: the generator adds the line ends itself, so it can cut a line.
 */
final class CsvjsonPrettyPrinter implements PrettyPrinter {

  @Override
  public void writeRootValueSeparator(JsonGenerator g) {
    // Lines are delimited by the caller.
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) {
    // No space after the brace.
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(", ");
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    g.writeRaw('}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) {
    // No space after the bracket.
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(", ");
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    g.writeRaw(']');
  }
}
