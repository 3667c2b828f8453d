package io.flowrank.core.rules;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.input.RecordReader;

/**
 * The rules of docs/design.md §1.3 for every input format, behind one door: JSON lines and the
 * elements of a JSON array by {@link FlowLineParser}, CSV rows by {@link CsvFlowParser}, both with
 * the same web ports. The producer, the streams app and the verifier judge a record by the format
 * of the input it came from (in the streams app, the format its frame declares), so all three
 * agree. Immutable and thread-safe.
 */
public final class FlowRules {

  private final FlowLineParser json;
  private final CsvFlowParser csv;

  public FlowRules(WebPorts webPorts) {
    this(new FlowLineParser(webPorts));
  }

  /** The rules with this JSON parser, and a CSV parser for its web ports. */
  public FlowRules(FlowLineParser json) {
    this.json = json;
    this.csv = new CsvFlowParser(json.webPorts());
  }

  public WebPorts webPorts() {
    return json.webPorts();
  }

  /** The rules of JSON lines and JSON array elements. */
  public FlowLineParser json() {
    return json;
  }

  /** The rules of CSV rows. */
  public CsvFlowParser csv() {
    return csv;
  }

  /**
   * The verdict on {@code length} bytes of {@code buffer} from {@code offset}, one record of an
   * input in {@code format}.
   */
  public Verdict judge(InputFormat format, byte[] buffer, int offset, int length) {
    return judge(format, buffer, offset, length, null);
  }

  /** {@link #judge(InputFormat, byte[], int, int)}, a web flow's other fields into {@code fields}. */
  public Verdict judge(
      InputFormat format, byte[] buffer, int offset, int length, FlowFields fields) {
    return format == InputFormat.CSV
        ? csv.parse(buffer, offset, length, fields)
        : json.parse(buffer, offset, length, fields);
  }

  /**
   * The verdict on the current record of a reader, by the rules of its format: a record the reader
   * had to cut is {@link RejectReason#TOO_LARGE}, whatever it holds.
   */
  public Verdict judge(RecordReader record) {
    return judge(record, null);
  }

  /** {@link #judge(RecordReader)}, a web flow's other fields into {@code fields} when given. */
  public Verdict judge(RecordReader record, FlowFields fields) {
    return record.truncated()
        ? Verdict.rejected(RejectReason.TOO_LARGE)
        : judge(record.format(), record.buffer(), 0, record.length(), fields);
  }
}
