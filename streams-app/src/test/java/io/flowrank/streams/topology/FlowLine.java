package io.flowrank.streams.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowrank.core.api.Wire;
import io.flowrank.core.input.CsvReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One flow as a test sends it: a JSON line laid out as LANL's files are ({@code {"time": "172800",
 * "srcdevice": ...}}), or the same flow as a raw CSV row. Built with Jackson, so a test states
 * values (a digit string, a JSON integer, a JSON null) and never quotes them by hand.
 */
public final class FlowLine {

  /** The LANL fields, in the order of the CSV. */
  public static final List<String> FIELDS = List.of(CsvReader.LANL_HEADER.split(","));

  /** {@code csvjson --stream}'s layout: {@code "key": value}, entries separated by ", ". */
  private static final ObjectWriter LANL_LAYOUT =
      Wire.JSON.writer(
          new MinimalPrettyPrinter() {
            @Override
            public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
              g.writeRaw(": ");
            }

            @Override
            public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
              g.writeRaw(", ");
            }
          });

  private final ObjectNode json = Wire.JSON.createObjectNode();

  private FlowLine() {}

  /** A flow with every LANL field, each a JSON string: one answered packet of 60 bytes each way. */
  public static FlowLine lanl(String srcdevice, String dstdevice, String dstport) {
    return new FlowLine()
        .set("time", "172800")
        .set("duration", "0")
        .set("srcdevice", srcdevice)
        .set("dstdevice", dstdevice)
        .set("protocol", "6")
        .set("srcport", "Port1")
        .set("dstport", dstport)
        .set("srcpackets", "1")
        .set("dstpackets", "1")
        .set("srcbytes", "60")
        .set("dstbytes", "60");
  }

  /** A flow with a dstdevice and a dstport (a JSON string) and nothing else. */
  public static FlowLine bare(String dstdevice, String dstport) {
    return new FlowLine().set("dstdevice", dstdevice).set("dstport", dstport);
  }

  /** The field as a JSON string; a field already set keeps its place. */
  public FlowLine set(String field, String value) {
    json.put(field, value);
    return this;
  }

  /** The field as a JSON integer. */
  public FlowLine set(String field, long value) {
    json.put(field, value);
    return this;
  }

  /** The field as any JSON value (a big integer, a float, null, an object). */
  public FlowLine set(String field, JsonNode value) {
    json.set(field, value);
    return this;
  }

  public FlowLine remove(String field) {
    json.remove(field);
    return this;
  }

  /** The JSON line. */
  public String json() {
    try {
      return LANL_LAYOUT.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same flow as a raw LANL CSV row: each field's text (a JSON integer's digits), an absent
   * field empty, a field holding a comma or a quote quoted as RFC 4180 says.
   */
  public String csv() {
    List<String> row = new ArrayList<>(FIELDS.size());
    for (String field : FIELDS) {
      JsonNode value = json.get(field);
      String text = value == null || value.isNull() ? "" : value.asText();
      row.add(
          text.contains(",") || text.contains("\"")
              ? "\"" + text.replace("\"", "\"\"") + "\""
              : text);
    }
    return String.join(",", row);
  }

  @Override
  public String toString() {
    return json();
  }
}
