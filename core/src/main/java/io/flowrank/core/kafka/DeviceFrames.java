package io.flowrank.core.kafka;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.Verdict;

/**
 * A batch's judged frames (docs/design.md §3.1), one open per partition of {@code flows}: each web
 * flow goes into the frame of its dstdevice's partition ({@link DevicePartitioner}, as the streams
 * app places its devices), so the streams app counts it in the task that reads it, without its
 * repartition; the other lines go into the frame of the latest web flow's partition. A frame holds
 * at most {@code linesPerRecord} lines, blank ones aside, and stays under {@link
 * FlowFrame#MAX_BYTES}: a full one goes to the sink before the next line joins it.
 *
 * <p>A frame is stamped with the data-time watermark before its first line. The web flows the other
 * frames hold move the watermark too, unseen by its reader: the frame says where they brought it
 * before each of its web flows that needs it and at its end ({@link JudgedFrame.Writer#webFlow(String,
 * FlowFields, long)}), so the streams app judges every flow late or not exactly as the replay's
 * order does.
 */
public final class DeviceFrames {

  /** Where a full frame goes. */
  public interface Sink {
    /**
     * @param partition its partition of {@code flows}
     * @param firstLine the line number of its first line
     * @param watermark the watermark before its first line
     */
    void send(int partition, long firstLine, long watermark, byte[] frame)
        throws InterruptedException;
  }

  private final InputFormat format;
  private final FlowRules rules;
  private final int linesPerRecord;
  private final Sink sink;
  private final JudgedFrame.Writer[] frames;
  // The partition of the latest web flow: where the lines that are not web flows go.
  private int latest;

  /**
   * @param format the input's format, by which every line is judged
   * @param partitions the partitions of {@code flows}
   */
  public DeviceFrames(
      InputFormat format, FlowRules rules, int partitions, int linesPerRecord, Sink sink) {
    this.format = format;
    this.rules = rules;
    this.linesPerRecord = linesPerRecord;
    this.sink = sink;
    this.frames = new JudgedFrame.Writer[partitions];
    for (int i = 0; i < partitions; i++) {
      frames[i] = new JudgedFrame.Writer(format, rules.webPorts());
    }
  }

  /**
   * Judges a line that is not blank into its frame, sending that frame first when the line would
   * not fit: a web flow with its fields (also left in {@code fields}), another flow, or, rejected,
   * the line as it came. {@code watermark} is the watermark before the line.
   */
  public Verdict judge(byte[] line, int length, long lineNumber, long watermark, FlowFields fields)
      throws InterruptedException {
    Verdict verdict = rules.judge(format, line, 0, length, fields);
    int partition =
        verdict.isWebFlow()
            ? DevicePartitioner.partitionOf(verdict.dstdevice(), frames.length)
            : latest;
    JudgedFrame.Writer frame = frames[partition];
    if (!frame.isEmpty()
        && (frame.lines() >= linesPerRecord
            || frame.length() + 16L + length > FlowFrame.MAX_BYTES)) {
      send(partition, watermark);
    }
    if (frame.isEmpty()) {
      frame.start(lineNumber, watermark);
    }
    frame.add(verdict, line, length, lineNumber - frame.firstLine(), fields, watermark);
    if (verdict.isWebFlow()) {
      latest = partition;
    }
    return verdict;
  }

  /** Sends every frame that holds a line, each ending at {@code watermark}, the watermark now. */
  public void sendAll(long watermark) throws InterruptedException {
    for (int partition = 0; partition < frames.length; partition++) {
      if (!frames[partition].isEmpty()) {
        send(partition, watermark);
      }
    }
  }

  private void send(int partition, long watermark) throws InterruptedException {
    JudgedFrame.Writer frame = frames[partition];
    long firstLine = frame.firstLine();
    long stamp = frame.stamp();
    sink.send(partition, firstLine, stamp, frame.take(watermark));
  }
}
