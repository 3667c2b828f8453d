package io.flowrank.core.kafka;

import io.flowrank.core.binary.Varints;
import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.rules.WebPorts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A <em>judged frame</em> (docs/design.md §3.1): the lines of a {@link FlowFrame} as the producer
 * judged them with the core rules, in the project's binary form, marked {@link
 * FlowHeaders#FORMAT} {@value FlowHeaders#FORMAT_JUDGED}. The producer reads and judges every line
 * anyway (for the watermark); sending what it found instead of the text spares the broker the
 * bytes (a LANL line is about 220 of them; a frame of them judged, about 4 per line) and the
 * streams app its parse.
 *
 * <p>The form: {@code 'J'}, version 2, the input's format ({@code 'j'} JSON, {@code 'c'} CSV), the
 * web ports judged by (a varint count, then each), then entries to the end, each a kind and its
 * fields:
 *
 * <ul>
 *   <li>{@code 0} other flows: a varint, how many consecutive well-formed lines were not web flows;
 *   <li>{@code 1} a web flow: its dstdevice and srcdevice as names, its port, then time,
 *       dstpackets, srcbytes and dstbytes, each a varint of the value plus one (0: {@link
 *       FlowFields#ABSENT});
 *   <li>{@code 2} a line as it came, for the streams app to judge: its place in the frame (0 for
 *       the frame's first line, the key's) and its bytes; the producer sends its rejected lines so,
 *       and the streams app gives them their reason and number as it does any line;
 *   <li>{@code 3} the watermark (since version 2): a varint, the data-time watermark before the
 *       next line, or after the frame's last line at its end. A frame that holds the web flows of
 *       some devices only (the producer sends each device's to its partition) is not told the
 *       times of the web flows between them that other frames hold; the entry tells it where
 *       they moved the watermark, before a web flow that needs it and at the end. It never moves
 *       the watermark back.
 * </ul>
 *
 * A name is a varint: 0, a new one follows (its UTF-8 length and bytes; it takes the next number
 * from 2), 1 none (a web flow without a client), n ≥ 2 the name numbered n. Blank lines are not
 * written; they only count in the places of the lines after them.
 */
public final class JudgedFrame {

  private static final int MAGIC = 'J';
  private static final int VERSION = 2;
  // Before the watermark entry; read the same.
  private static final int BEFORE_WATERMARKS = 1;
  private static final int JSON = 'j';
  private static final int CSV = 'c';
  private static final int OTHER = 0;
  private static final int WEB = 1;
  private static final int LINE = 2;
  private static final int WATERMARK = 3;
  private static final int NEW_NAME = 0;
  private static final int NO_NAME = 1;
  private static final int FIRST_NAME = 2;

  private JudgedFrame() {}

  /** Packs one frame after another; reused, one thread. */
  public static final class Writer {

    private final Varints.Writer out = new Varints.Writer(16 * 1024);
    private final byte[] start;
    private final Map<String, Integer> names = new HashMap<>();
    private long others;
    private int lines;
    // Where the frame starts: its first line's number and the watermark before it (its stamp).
    private long firstLine;
    private long stamp;
    // The watermark a reader of the frame has before the next line: the stamp, moved by its web
    // flows and its watermark entries.
    private long watermark;

    /**
     * @param format the input's format, by which the streams app judges the lines sent as they came
     * @param ports the web ports the lines were judged by
     */
    public Writer(InputFormat format, WebPorts ports) {
      Varints.Writer head = new Varints.Writer(16);
      head.writeByte(MAGIC);
      head.writeByte(VERSION);
      head.writeByte(format == InputFormat.CSV ? CSV : JSON);
      List<Integer> list = ports.asList();
      head.writeVarint(list.size());
      for (int port : list) {
        head.writeVarint(port);
      }
      start = head.take();
      begin();
    }

    /**
     * Judges a line by {@code rules} and adds what they found: a web flow with its fields (also
     * left in {@code fields}), another flow, or, rejected, the line as it came at {@code place} in
     * the frame; a blank line adds nothing. Returns the verdict.
     */
    public Verdict judge(
        FlowRules rules,
        InputFormat format,
        byte[] line,
        int length,
        long place,
        FlowFields fields) {
      Verdict verdict = rules.judge(format, line, 0, length, fields);
      add(verdict, line, length, place, fields, watermark);
      return verdict;
    }

    /**
     * Adds a line as the rules judged it ({@code fields} filled for a web flow): a web flow with
     * its fields, another flow, or, rejected, the line as it came at {@code place} in the frame; a
     * blank line adds nothing. {@code watermark} is the watermark before the line, written first
     * when the frame's own flows have not brought a reader there.
     */
    public void add(
        Verdict verdict, byte[] line, int length, long place, FlowFields fields, long watermark) {
      switch (verdict.kind()) {
        case WEB_FLOW -> webFlow(verdict.dstdevice(), fields, watermark);
        case OTHER_FLOW -> otherFlow();
        case REJECTED -> line(place, line, length);
        default -> {}
      }
    }

    /**
     * Starts a frame (it is empty) at line {@code firstLine} of its source and the data-time
     * watermark its record is stamped with: what a reader moves from.
     */
    public void start(long firstLine, long watermark) {
      this.firstLine = firstLine;
      this.stamp = watermark;
      this.watermark = watermark;
    }

    /** The line number of the frame's first line ({@link #start}). */
    public long firstLine() {
      return firstLine;
    }

    /** The watermark before the frame's first line ({@link #start}). */
    public long stamp() {
      return stamp;
    }

    /**
     * A web flow to {@code dstdevice} with its other fields; {@code watermark} is the data-time
     * watermark before it, written first when the frame's own flows have not brought a reader
     * there.
     */
    public void webFlow(String dstdevice, FlowFields fields, long watermark) {
      moveTo(watermark);
      webFlow(dstdevice, fields);
    }

    /** A web flow to {@code dstdevice} with its other fields. */
    public void webFlow(String dstdevice, FlowFields fields) {
      flushOthers();
      watermark = Math.max(watermark, fields.time());
      out.writeByte(WEB);
      name(dstdevice);
      name(fields.srcdevice());
      out.writeVarint(fields.port());
      out.writeVarint(fields.time() + 1);
      out.writeVarint(fields.dstpackets() + 1);
      out.writeVarint(fields.srcbytes() + 1);
      out.writeVarint(fields.dstbytes() + 1);
      lines++;
    }

    /** A well-formed line that is not a web flow. */
    public void otherFlow() {
      others++;
      lines++;
    }

    /** A line sent as it came, at {@code place} in the frame (0: the frame's first line). */
    public void line(long place, byte[] buffer, int length) {
      flushOthers();
      out.writeByte(LINE);
      out.writeVarint(place);
      out.writeVarint(length);
      out.writeBytes(buffer, 0, length);
      lines++;
    }

    /** The lines written since the last {@link #take()}, blank ones aside. */
    public int lines() {
      return lines;
    }

    public boolean isEmpty() {
      return lines == 0;
    }

    /** The bytes written so far (the frame's size, give or take the run of other flows). */
    public int length() {
      return out.length();
    }

    /** The frame; the writer starts the next one. */
    public byte[] take() {
      flushOthers();
      byte[] frame = out.take();
      begin();
      return frame;
    }

    /**
     * The frame, ending at {@code watermark} (the watermark after its last line, or later: where
     * the input has come when it is sent); the writer starts the next one.
     */
    public byte[] take(long watermark) {
      moveTo(watermark);
      return take();
    }

    private void moveTo(long watermark) {
      if (watermark > this.watermark) {
        flushOthers();
        out.writeByte(WATERMARK);
        out.writeVarint(watermark);
        this.watermark = watermark;
      }
    }

    private void begin() {
      for (byte b : start) {
        out.writeByte(b);
      }
      names.clear();
      others = 0;
      lines = 0;
      watermark = 0;
    }

    private void flushOthers() {
      if (others > 0) {
        out.writeByte(OTHER);
        out.writeVarint(others);
        others = 0;
      }
    }

    private void name(String name) {
      if (name == null) {
        out.writeVarint(NO_NAME);
        return;
      }
      Integer number = names.get(name);
      if (number != null) {
        out.writeVarint(number);
        return;
      }
      names.put(name, FIRST_NAME + names.size());
      out.writeVarint(NEW_NAME);
      out.writeString(name);
    }
  }

  /** What a frame holds, entry by entry. */
  public interface Visitor {

    /**
     * A web flow; {@code device} is its dstdevice's number among the frame's names (devices and
     * clients, from 0, in their order of first use), so a reader may keep what it sums per device
     * in an array rather than look the name up.
     */
    void webFlow(int device, String dstdevice, FlowFields fields);

    /** {@code count} well-formed lines that are not web flows. */
    void otherFlows(long count);

    /** A line to judge, {@code frame[offset, offset + length)}, at {@code place} in the frame. */
    void line(long place, byte[] frame, int offset, int length);

    /** The data-time watermark before the next line (after the last, at the end); never lower. */
    void watermark(long watermark);
  }

  /** A frame's header: what a reader checks before it counts anything of it. */
  public record Header(InputFormat format, WebPorts ports) {}

  /**
   * The header of a judged frame, after checking the whole frame against the form: a frame that
   * breaks it (another writer's, cut) is an {@link IllegalArgumentException} naming where, and
   * nothing of it has been read.
   */
  public static Header check(byte[] frame) {
    return walk(frame).header();
  }

  /** A frame's header and lines, blank ones aside, from one walk over its entries. */
  private record Walked(Header header, long lines) {}

  private static Walked walk(byte[] frame) {
    Varints.Reader in = new Varints.Reader(frame, "a judged frame");
    Header header = header(in);
    int names = 0;
    long lines = 0;
    while (in.hasMore()) {
      int kind = in.readByte();
      switch (kind) {
        case OTHER -> lines += in.readVarint();
        case WEB -> {
          for (int i = 0; i < 2; i++) {
            long name = in.readVarint();
            if (name == NEW_NAME) {
              in.skipString();
              names++;
            } else if (name >= FIRST_NAME + names || (i == 0 && name == NO_NAME)) {
              throw new IllegalArgumentException("a judged frame names an unknown device");
            }
          }
          long port = in.readVarint();
          if (!header.ports().matchesInteger(port)) {
            throw new IllegalArgumentException("a judged frame holds a web flow to port " + port);
          }
          for (int i = 0; i < 4; i++) {
            in.readVarint();
          }
          lines++;
        }
        case LINE -> {
          long place = in.readVarint();
          if (place < 0 || place > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a judged frame holds a line at place " + place);
          }
          in.skipString();
          lines++;
        }
        case WATERMARK -> in.readVarint();
        default -> throw new IllegalArgumentException("a judged frame holds an entry of kind " + kind);
      }
    }
    return new Walked(header, lines);
  }

  /**
   * Reads a frame {@link #check} passed, entry by entry, into {@code visitor}; {@code fields} is
   * filled for each web flow (and reused), {@code names} for the frame's names.
   */
  public static void read(byte[] frame, FlowFields fields, List<String> names, Visitor visitor) {
    Varints.Reader in = new Varints.Reader(frame, "a judged frame");
    skipHeader(in);
    names.clear();
    while (in.hasMore()) {
      int kind = in.readByte();
      switch (kind) {
        case OTHER -> visitor.otherFlows(in.readVarint());
        case WEB -> {
          int device = name(in, names);
          int client = name(in, names);
          int port = (int) in.readVarint();
          long time = in.readVarint() - 1;
          long dstpackets = in.readVarint() - 1;
          long srcbytes = in.readVarint() - 1;
          long dstbytes = in.readVarint() - 1;
          fields.set(
              port,
              client < 0 ? null : names.get(client),
              time,
              dstpackets,
              srcbytes,
              dstbytes);
          visitor.webFlow(device, names.get(device), fields);
        }
        case LINE -> {
          long place = in.readVarint();
          int length = (int) in.readVarint();
          visitor.line(place, frame, in.position(), length);
          in.skip(length);
        }
        case WATERMARK -> visitor.watermark(in.readVarint());
        default -> throw new IllegalArgumentException("a judged frame holds an entry of kind " + kind);
      }
    }
  }

  /**
   * The lines a frame holds, blank ones aside (another reader of {@code flows} counting them),
   * after checking it as {@link #check} does.
   */
  public static long lines(byte[] frame) {
    return walk(frame).lines();
  }

  /**
   * A frame's entries as text, one each ({@code web <name number> <dstdevice> <fields>}, {@code
   * other <count>}, {@code line <place> <text>}, {@code watermark <seconds>}): for logs and tests.
   * Checks the frame first.
   */
  public static List<String> describe(byte[] frame) {
    check(frame);
    List<String> entries = new ArrayList<>();
    read(
        frame,
        new FlowFields(),
        new ArrayList<>(),
        new Visitor() {
          @Override
          public void webFlow(int device, String dstdevice, FlowFields fields) {
            entries.add("web " + device + " " + dstdevice + " " + fields);
          }

          @Override
          public void otherFlows(long count) {
            entries.add("other " + count);
          }

          @Override
          public void line(long place, byte[] bytes, int offset, int length) {
            entries.add(
                "line " + place + " " + new String(bytes, offset, length, StandardCharsets.UTF_8));
          }

          @Override
          public void watermark(long watermark) {
            entries.add("watermark " + watermark);
          }
        });
    return entries;
  }

  /** Past the header of a frame {@link #check} passed, without making its {@link Header} again. */
  private static void skipHeader(Varints.Reader in) {
    in.skip(3); // magic, version, input format
    for (long ports = in.readVarint(); ports > 0; ports--) {
      in.readVarint();
    }
  }

  private static Header header(Varints.Reader in) {
    int magic = in.readByte();
    int version = in.readByte();
    if (magic != MAGIC || (version != VERSION && version != BEFORE_WATERMARKS)) {
      throw new IllegalArgumentException(
          "not a judged frame of version "
              + BEFORE_WATERMARKS
              + " or "
              + VERSION
              + " (first bytes "
              + magic
              + ", "
              + version
              + ")");
    }
    int format = in.readByte();
    if (format != JSON && format != CSV) {
      throw new IllegalArgumentException("a judged frame of unknown input format " + format);
    }
    long count = in.readVarint();
    if (count < 1 || count > 65536) {
      throw new IllegalArgumentException("a judged frame with " + count + " web ports");
    }
    List<Integer> ports = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      long port = in.readVarint();
      if (port > 65535) {
        throw new IllegalArgumentException("a judged frame with web port " + port);
      }
      ports.add((int) port);
    }
    return new Header(format == CSV ? InputFormat.CSV : InputFormat.JSON_LINES, WebPorts.of(ports));
  }

  /** A name's index in {@code names} (new ones added), or -1 for none. */
  private static int name(Varints.Reader in, List<String> names) {
    long name = in.readVarint();
    if (name == NO_NAME) {
      return -1;
    }
    if (name == NEW_NAME) {
      names.add(in.readString());
      return names.size() - 1;
    }
    return (int) name - FIRST_NAME;
  }

  /** Whether a record's headers mark its value a judged frame. */
  public static boolean isJudged(org.apache.kafka.common.header.Headers headers) {
    var header = headers.lastHeader(FlowHeaders.FORMAT);
    return header != null && java.util.Arrays.equals(header.value(), JUDGED);
  }

  private static final byte[] JUDGED = FlowHeaders.FORMAT_JUDGED.getBytes(StandardCharsets.US_ASCII);
}
