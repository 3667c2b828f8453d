package io.flowrank.core.kafka;

/**
 * The value of a {@code flows} record (docs/design.md §3.1): a <em>frame</em>, one or more whole lines of one
 * batch, in order, unchanged, separated by {@code '\n'}, keyed {@code <batch>:<first line>} ({@link
 * FlowKey}). Line {@code i} (0-based) of a frame is line {@code first + i} of its batch: the
 * producer keeps blank lines inside a frame so that the numbering holds, and never starts a frame
 * with one.
 *
 * <p>Why frames: with one Kafka record per line, the producer, the broker and Kafka Streams spend
 * more CPU on each record than the rules spend on its line (README "Performance"). A frame of a
 * thousand lines costs them what one record costs, and the streams app sums the web flows of a
 * frame per dstdevice before they cross the repartition. {@code --lines-per-record 1} gives one line
 * per record for other consumers of the topic; the streams app reads any framing.
 *
 * <p>By default the producer sends a frame of more than one line judged ({@link JudgedFrame}, {@link
 * Form#JUDGED}): what the rules found in each line rather than its text. {@code --frames lines}
 * keeps the text.
 */
public final class FlowFrame {

  /** What separates the lines of a frame. */
  public static final byte SEPARATOR = '\n';

  /**
   * Lines per judged frame when not told otherwise (the default form). Judged lines are a few bytes
   * each, and the streams app's cost per frame is mostly per device it names, so a frame of ten
   * thousand lines names fewer devices per line than ten of a thousand (measured: the streams app
   * 20 % less CPU, the broker 25 % less meanwhile; README "Performance").
   */
  public static final int DEFAULT_LINES_PER_RECORD = 10_000;

  /**
   * Lines per frame of text when not told otherwise: past a thousand lines the per-record costs are
   * lost in the per-line ones (README "Performance", the framing measured), and the streams app
   * buffers frames of text whole (a thousand LANL lines are ~220 KB).
   */
  public static final int DEFAULT_TEXT_LINES_PER_RECORD = 1000;

  /**
   * A frame grows to at most this many bytes (a line larger than that travels alone): large enough
   * for two thousand LANL lines of text, well under the broker's default limit of 1 MiB per batch.
   */
  public static final int MAX_BYTES = 512 * 1024;

  /** How a frame carries its lines. */
  public enum Form {
    /** As the producer judged them, in binary ({@link JudgedFrame}): the default. */
    JUDGED,
    /** As they came, text separated by {@link #SEPARATOR}: for other consumers of the topic. */
    LINES;

    /** The lines per record of this form when not told otherwise. */
    public int defaultLinesPerRecord() {
      return this == JUDGED ? DEFAULT_LINES_PER_RECORD : DEFAULT_TEXT_LINES_PER_RECORD;
    }

    /** A form by its name in any case ({@code judged}, {@code lines}). */
    public static Form parse(String name) {
      for (Form form : values()) {
        if (form.name().equalsIgnoreCase(name)) {
          return form;
        }
      }
      throw new IllegalArgumentException("expected judged or lines, got '" + name + "'");
    }
  }

  private FlowFrame() {}
}
