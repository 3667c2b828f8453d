package io.flowrank.core.synthetic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * Renders flows as the objects {@code csvjson} makes of LANL rows, every value a JSON string, into
 * a {@link LineBuffer}: the caller writes the line whole, cut, or as an array element. The layout
 * is the pretty printer's: {@link CsvjsonPrettyPrinter#stream()} for JSON lines, {@link
 * CsvjsonPrettyPrinter#indented()} for array elements.
 */
final class CsvjsonObjects {

  /** The LANL fields in the order of docs/design.md §1.1: the keys of every object, the columns of the CSV. */
  static final String[] FIELDS = {
    "time",
    "duration",
    "srcdevice",
    "dstdevice",
    "protocol",
    "srcport",
    "dstport",
    "srcpackets",
    "dstpackets",
    "srcbytes",
    "dstbytes"
  };

  private static final SerializableString TIME = new SerializedString("time");
  private static final SerializableString DURATION = new SerializedString("duration");
  private static final SerializableString SRCDEVICE = new SerializedString("srcdevice");
  private static final SerializableString DSTDEVICE = new SerializedString("dstdevice");
  private static final SerializableString PROTOCOL = new SerializedString("protocol");
  private static final SerializableString SRCPORT = new SerializedString("srcport");
  private static final SerializableString DSTPORT = new SerializedString("dstport");
  private static final SerializableString SRCPACKETS = new SerializedString("srcpackets");
  private static final SerializableString DSTPACKETS = new SerializedString("dstpackets");
  private static final SerializableString SRCBYTES = new SerializedString("srcbytes");
  private static final SerializableString DSTBYTES = new SerializedString("dstbytes");

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final LineBuffer line = new LineBuffer();
  private final JsonGenerator json;
  private final char[] chars = new char[32];

  CsvjsonObjects(PrettyPrinter layout) throws IOException {
    this.json = JSON.createGenerator(line);
    json.setPrettyPrinter(layout);
  }

  /** The last value rendered. */
  LineBuffer line() {
    return line;
  }

  /**
   * The header record csvjson echoes when it is fed a split without the CSV header; returns its
   * length.
   */
  int header() throws IOException {
    line.reset();
    json.writeStartObject();
    for (String field : FIELDS) {
      json.writeStringField(field, field);
    }
    json.writeEndObject();
    json.flush();
    return line.length();
  }

  /** A flow, with or without its dstdevice, its dstport a string or a number; returns its length. */
  int flow(Flow flow, boolean withDstdevice, boolean numericDstport) throws IOException {
    line.reset();
    json.writeStartObject();
    json.writeFieldName(TIME);
    writeDigits(flow.time);
    json.writeFieldName(DURATION);
    writeDigits(flow.duration);
    json.writeFieldName(SRCDEVICE);
    writeDevice(flow.srcdevice);
    if (withDstdevice) {
      json.writeFieldName(DSTDEVICE);
      writeDevice(flow.dstdevice);
    }
    json.writeFieldName(PROTOCOL);
    writeDigits(flow.protocol);
    json.writeFieldName(SRCPORT);
    writePort(flow.srcport);
    json.writeFieldName(DSTPORT);
    if (numericDstport) {
      json.writeNumber(flow.dstport);
    } else {
      writePort(flow.dstport);
    }
    json.writeFieldName(SRCPACKETS);
    writeDigits(flow.srcpackets);
    json.writeFieldName(DSTPACKETS);
    writeDigits(flow.dstpackets);
    json.writeFieldName(SRCBYTES);
    writeDigits(flow.srcbytes);
    json.writeFieldName(DSTBYTES);
    writeDigits(flow.dstbytes);
    json.writeEndObject();
    json.flush();
    return line.length();
  }

  /** The flow's eleven values as an array of strings, without their names; returns its length. */
  int values(Flow flow) throws IOException {
    line.reset();
    json.writeStartArray();
    writeDigits(flow.time);
    writeDigits(flow.duration);
    writeDevice(flow.srcdevice);
    writeDevice(flow.dstdevice);
    writeDigits(flow.protocol);
    writePort(flow.srcport);
    writePort(flow.dstport);
    writeDigits(flow.srcpackets);
    writeDigits(flow.dstpackets);
    writeDigits(flow.srcbytes);
    writeDigits(flow.dstbytes);
    json.writeEndArray();
    json.flush();
    return line.length();
  }

  /** {@code text} as a JSON string; returns its length. */
  int text(String text) throws IOException {
    line.reset();
    json.writeString(text);
    json.flush();
    return line.length();
  }

  void close() throws IOException {
    json.close();
  }

  private void writeDigits(long value) throws IOException {
    json.writeString(chars, 0, Digits.plain(value, chars, 0));
  }

  private void writeDevice(int code) throws IOException {
    json.writeString(chars, 0, Devices.format(code, chars));
  }

  private void writePort(int port) throws IOException {
    json.writeString(chars, 0, Flow.formatPort(port, chars));
  }
}
