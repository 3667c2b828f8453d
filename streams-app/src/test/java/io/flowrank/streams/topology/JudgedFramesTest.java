package io.flowrank.streams.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.kafka.DeviceFrames;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.JudgedFrame;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.WindowClock;
import io.flowrank.core.time.Windowing;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test of the two forms of a frame (docs/design.md §3.1): the same lines sent as
 * text and as the producer judges them end in the same stores, figures, rejected records and events,
 * over hostile JSON lines and CSV rows, framed at random, with windows and lateness on. And what the
 * streams app does with a judged frame it cannot count: judged by other ports, or broken.
 */
class JudgedFramesTest {

  private static final Windowing MINUTES = new Windowing(60, 10, 3_600);
  private static final TimeSettings TIME =
      new TimeSettings(Optional.of(MINUTES), new ServerRule(3, 2));
  private static final FlowRules RULES = new FlowRules(WebPorts.DEFAULT);

  @TempDir Path textState;
  @TempDir Path judgedState;

  @Test
  void judgedFramesCountExactlyAsTheirLinesOverHostileJsonLinesAndCsvRows() {
    Random random = new Random(1907);
    List<byte[]> json = lines(random, 4_000, false);
    List<byte[]> csv = lines(random, 2_000, true);
    try (DrivenTopology text = DrivenTopology.start(textState, TIME);
        DrivenTopology judged = DrivenTopology.start(judgedState, TIME)) {
      long watermark = replay("time_01.json", json, InputFormat.JSON_LINES, 0, random, text, judged);
      watermark = replay("day03", csv, InputFormat.CSV, watermark, random, text, judged);
      end(watermark, text);
      end(watermark, judged);

      assertCountedTheSame(judged, text);
      assertThat(judged.announced()).isEqualTo(text.announced());
      assertThat(judged.events()).isEqualTo(text.events());
      List<String> rejected = rejected(text);
      assertThat(rejected(judged)).isEqualTo(rejected);

      // The data is as hostile as meant: every kind of line and reason, windows and late flows.
      assertThat(text.evidence()).hasSizeGreaterThan(20);
      assertThat(text.windows()).hasSizeGreaterThan(5);
      assertThat(text.announced()).isNotEmpty();
      assertThat(text.stats())
          .containsKeys(
              FlowStats.WEB_FLOWS,
              FlowStats.OTHER_FLOWS,
              FlowStats.LATE,
              FlowStats.rejectedKey(RejectReason.NOT_JSON),
              FlowStats.rejectedKey(RejectReason.INVALID_UTF8),
              FlowStats.rejectedKey(RejectReason.INVALID_DSTPORT),
              FlowStats.rejectedKey(RejectReason.FIELD_COUNT),
              FlowStats.rejectedKey(RejectReason.UNBALANCED_QUOTES));
      assertThat(rejected).hasSizeGreaterThan(300);
    }
  }

  @Test
  void framesOfEachPartitionsDevicesCountExactlyAsTheirLines() {
    Random random = new Random(2411);
    List<byte[]> json = lines(random, 4_000, false);
    List<byte[]> csv = lines(random, 2_000, true);
    try (DrivenTopology text = DrivenTopology.start(textState, TIME);
        DrivenTopology placed = DrivenTopology.start(judgedState, TIME)) {
      List<byte[]> frames = new ArrayList<>();
      long watermark = replayByDevice("time_01.json", json, InputFormat.JSON_LINES, 0, random,
          text, placed, frames);
      watermark = replayByDevice("day03", csv, InputFormat.CSV, watermark, random, text, placed,
          frames);
      end(watermark, text);
      end(watermark, placed);

      assertCountedTheSame(placed, text);
      // Each device became a server in the same window; the event's figures are those of the
      // frame that made it qualify, so they depend on the framing (docs/design.md §1.6).
      assertThat(windowsAnnounced(placed)).isEqualTo(windowsAnnounced(text));
      // The same rejected lines with the same numbers, in the order of their frames.
      assertThat(rejectedByLine(placed)).isEqualTo(rejectedByLine(text));

      // Late flows were judged, by watermarks that the frames' own flows alone would not give.
      assertThat(text.stats()).containsKey(FlowStats.LATE);
      assertThat(text.announced()).isNotEmpty();
      assertThat(frames.stream().filter(f -> JudgedFrame.describe(f).stream()
              .anyMatch(entry -> entry.startsWith("watermark "))))
          .hasSizeGreaterThan(frames.size() / 2);
    }
  }

  @Test
  void aFrameJudgedByOtherPortsStopsTheAppAndSaysWhatToDo() {
    try (DrivenTopology app =
        DrivenTopology.start(textState, WebPorts.parse("80,443,8080"))) {
      JudgedFrame.Writer frame = new JudgedFrame.Writer(InputFormat.JSON_LINES, WebPorts.DEFAULT);
      byte[] line = "{\"dstdevice\": \"Comp1\", \"dstport\": \"8080\"}".getBytes(UTF_8);
      frame.judge(RULES, InputFormat.JSON_LINES, line, line.length, 0, new FlowFields());

      assertThatThrownBy(() -> app.flows().pipeInput(judgedRecord("f.json", 1, frame.take(), 0)))
          .satisfies(
              e ->
                  assertThat(IncompatibleStateException.in(e))
                      .hasValueSatisfying(
                          incompatible ->
                              assertThat(incompatible.getMessage())
                                  .contains("judged by web ports 80,443")
                                  .contains("this app counts ports 80,443,8080")
                                  .contains("--frames lines")));
      assertThat(app.evidence()).isEmpty();
    }
  }

  @Test
  void aFrameMarkedJudgedThatBreaksTheFormIsJudgedAsLinesSoNothingIsLost() {
    try (DrivenTopology app = DrivenTopology.start(textState)) {
      byte[] value =
          ("not a judged frame\n{\"dstdevice\": \"Comp1\", \"dstport\": \"80\"}").getBytes(UTF_8);

      app.flows().pipeInput(judgedRecord("f.json", 7, value, -1));

      assertThat(app.counts()).containsExactly(java.util.Map.entry("Comp1", 1L));
      assertThat(app.stats())
          .containsEntry(FlowStats.rejectedKey(RejectReason.NOT_JSON), 1L)
          .containsEntry(FlowStats.WEB_FLOWS, 1L);
      TestRecord<byte[], byte[]> rejected = app.rejected().readRecord();
      assertThat(new String(rejected.value(), UTF_8)).isEqualTo("not a judged frame");
      assertThat(FlowHeaders.get(rejected.headers(), FlowHeaders.LINE)).isEqualTo("7");
    }
  }

  /** Every device's evidence, every window, the windows' totals and the figures alike. */
  private static void assertCountedTheSame(DrivenTopology actual, DrivenTopology expected) {
    assertThat(actual.evidence()).isEqualTo(expected.evidence());
    assertThat(actual.windows()).isEqualTo(expected.windows());
    assertThat(actual.windowTotals()).isEqualTo(expected.windowTotals());
    assertThat(actual.stats()).isEqualTo(expected.stats());
  }

  /**
   * Sends {@code lines} of one source to both topologies in the same random frames, as text and
   * judged, each stamped with the watermark before its first line as the producer stamps it;
   * returns the watermark after them.
   */
  private static long replay(
      String file,
      List<byte[]> lines,
      InputFormat format,
      long watermark,
      Random random,
      DrivenTopology text,
      DrivenTopology judged) {
    FlowFields fields = new FlowFields();
    JudgedFrame.Writer writer = new JudgedFrame.Writer(format, WebPorts.DEFAULT);
    for (int from = 0; from < lines.size(); ) {
      int to = Math.min(lines.size(), from + 1 + random.nextInt(60));
      long first = from + 1;
      long before = watermark;
      for (int i = from; i < to; i++) {
        byte[] line = lines.get(i);
        if (!FlowLineParser.isBlank(line, 0, line.length)
            && writer
                .judge(RULES, format, line, line.length, i - from, fields)
                .isWebFlow()) {
          watermark = WindowClock.advance(watermark, fields);
        }
      }
      text.flows().pipeInput(textRecord(file, first, lines.subList(from, to), format, before));
      judged.flows().pipeInput(judgedRecord(file, first, writer.take(), before));
      from = to;
    }
    return watermark;
  }

  /**
   * Sends {@code lines} of one source to {@code text} in random frames of text, and to {@code
   * placed} as the producer sends them: one judged frame open per partition of {@code flows} ({@link
   * DeviceFrames}, 4 partitions, at most 50 lines a frame), each sent when full or at the end, and
   * kept in {@code frames}; returns the watermark after them.
   */
  private static long replayByDevice(
      String file,
      List<byte[]> lines,
      InputFormat format,
      long watermark,
      Random random,
      DrivenTopology text,
      DrivenTopology placed,
      List<byte[]> frames) {
    FlowFields fields = new FlowFields();
    long textWatermark = watermark;
    for (int from = 0; from < lines.size(); ) {
      int to = Math.min(lines.size(), from + 1 + random.nextInt(60));
      long before = textWatermark;
      for (int i = from; i < to; i++) {
        byte[] line = lines.get(i);
        if (RULES.judge(format, line, 0, line.length, fields).isWebFlow()) {
          textWatermark = WindowClock.advance(textWatermark, fields);
        }
      }
      text.flows().pipeInput(textRecord(file, from + 1, lines.subList(from, to), format, before));
      from = to;
    }
    DeviceFrames byDevice =
        new DeviceFrames(
            format,
            RULES,
            4,
            50,
            (partition, firstLine, stamp, frame) -> {
              frames.add(frame);
              placed.flows().pipeInput(judgedRecord(file, firstLine, frame, stamp));
            });
    try {
      for (int i = 0; i < lines.size(); i++) {
        byte[] line = lines.get(i);
        if (!FlowLineParser.isBlank(line, 0, line.length)
            && byDevice.judge(line, line.length, i + 1, watermark, fields).isWebFlow()) {
          watermark = WindowClock.advance(watermark, fields);
        }
      }
      byDevice.sendAll(watermark);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(watermark).isEqualTo(textWatermark);
    return watermark;
  }

  private static java.util.Map<String, Long> windowsAnnounced(DrivenTopology topology) {
    java.util.Map<String, Long> windows = new java.util.TreeMap<>();
    topology.announced().forEach((device, event) -> windows.put(device, event.window()));
    return windows;
  }

  /**
   * Every rejected record as {@link #rejected} gives it but for the watermark its frame was stamped
   * with, sorted by file and line.
   */
  private static List<String> rejectedByLine(DrivenTopology topology) {
    List<String> out = new ArrayList<>();
    for (TestRecord<byte[], byte[]> record : topology.rejected().readRecordsToList()) {
      java.util.Map<String, String> headers = new java.util.TreeMap<>();
      record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), UTF_8)));
      headers.remove(FlowHeaders.WATERMARK);
      out.add(
          String.format(
              "%s:%09d | %s | %s",
              headers.get(FlowHeaders.FILE),
              Long.parseLong(headers.get(FlowHeaders.LINE)),
              java.util.HexFormat.of().formatHex(record.value()),
              headers));
    }
    out.sort(null);
    return out;
  }

  /** A frame of text as the producer sends it: the lines joined by line feeds, stamped. */
  private static TestRecord<byte[], byte[]> textRecord(
      String file, long firstLine, List<byte[]> lines, InputFormat format, long watermark) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        joined.write('\n');
      }
      joined.writeBytes(lines.get(i));
    }
    RecordHeaders headers = new RecordHeaders();
    if (format == InputFormat.CSV) {
      headers.add(FlowHeaders.FORMAT, FlowHeaders.FORMAT_CSV.getBytes(UTF_8));
    }
    headers.add(FlowHeaders.WATERMARK, FlowHeaders.decimal(watermark));
    return new TestRecord<>(
        FlowKey.encode(FlowKey.prefix(file), firstLine), joined.toByteArray(), headers);
  }

  private static TestRecord<byte[], byte[]> judgedRecord(
      String file, long firstLine, byte[] frame, long watermark) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(FlowHeaders.FORMAT, FlowHeaders.FORMAT_JUDGED.getBytes(UTF_8));
    if (watermark >= 0) {
      headers.add(FlowHeaders.WATERMARK, FlowHeaders.decimal(watermark));
    }
    return new TestRecord<>(FlowKey.encode(FlowKey.prefix(file), firstLine), frame, headers);
  }

  private static void end(long watermark, DrivenTopology topology) {
    for (int i = 0; i < 2; i++) {
      topology.sendEnd(watermark);
    }
  }

  /** Every rejected record: key, value and headers (by name: their order means nothing), in order. */
  private static List<String> rejected(DrivenTopology topology) {
    List<String> out = new ArrayList<>();
    for (TestRecord<byte[], byte[]> record : topology.rejected().readRecordsToList()) {
      java.util.Map<String, String> headers = new java.util.TreeMap<>();
      record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), UTF_8)));
      out.add(new String(record.key(), UTF_8) + " | " + java.util.HexFormat.of()
          .formatHex(record.value()) + " | " + headers);
    }
    return out;
  }

  /** Hostile input: web flows with every kind of field, other flows, blank lines, broken lines. */
  private static List<byte[]> lines(Random random, int count, boolean csv) {
    List<byte[]> lines = new ArrayList<>();
    long time = 172_800;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(4) == 0 ? 1 : 0;
      long at = random.nextInt(50) == 0 ? time - 30 - random.nextInt(200) : time;
      lines.add(csv ? csvRow(random, at) : jsonLine(random, at));
    }
    return lines;
  }

  private static final String[] NUMBERS = {
    "\"0\"", "\"1\"", "\"9223372036854775807\"", "\"9223372036854775808\"", "\"12a\"", "\"-1\"",
    "-1", "0", "7", "1.5", "null", "\"\"", "\" 5\""
  };
  private static final String[] PORTS = {
    "\"80\"", "\"443\"", "80", "443", "\"53\"", "\"080\"", "\" 80\"", "\"80.0\"", "\"Port00080\"",
    "\"8080\""
  };
  private static final String[] CLIENTS = {
    "\"Comp9\"", "\"Comp8\"", "\"\"", "null", "5", "\"C\\u00f6mp\\\"7\"", "\"IP1\""
  };

  private static byte[] jsonLine(Random random, long time) {
    int kind = random.nextInt(100);
    String device = "Comp" + random.nextInt(30);
    String text;
    if (kind < 70) {
      String timeField =
          switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "\"time\": \"abc\", ";
            case 2 -> "\"time\": " + time + ", ";
            default -> "\"time\": \"" + time + "\", ";
          };
      String client =
          random.nextInt(8) == 0 ? "" : "\"srcdevice\": " + pick(random, CLIENTS) + ", ";
      text =
          "{" + timeField + client + "\"dstdevice\": \"" + device + "\", \"dstport\": "
              + (random.nextInt(3) == 0 ? pick(random, PORTS) : "\"443\"")
              + ", \"dstpackets\": " + pick(random, NUMBERS)
              + ", \"srcbytes\": " + pick(random, NUMBERS)
              + ", \"dstbytes\": " + pick(random, NUMBERS) + "}";
    } else {
      text =
          switch (kind) {
            case 70, 71, 72 -> "";
            case 73 -> "   \t";
            case 74 -> "not json";
            case 75 -> "{\"dstdevice\": \"" + device + "\", \"dstport\": \"80\"";
            case 76 -> "[1, 2]";
            case 77 -> "\"a string\"";
            case 78 -> "[".repeat(300) + "]".repeat(300);
            case 79 -> "{\"dstport\": \"80\"}";
            case 80 -> "{\"dstdevice\": 5, \"dstport\": \"80\"}";
            case 81 -> "{\"dstdevice\": \"\", \"dstport\": \"80\"}";
            case 82 -> "{\"dstdevice\": \"" + device + "\"}";
            case 83 -> "{\"dstdevice\": \"" + device + "\", \"dstport\": null}";
            case 84 -> "{\"dstdevice\": \"" + device + "\", \"dstport\": 80.5}";
            case 85 -> "{\"dstdevice\": \"C\\u00f6mp\\\"" + device + "\", \"dstport\": \"80\"}";
            case 86 -> "{\"dstdevice\": \"Cömp" + device + "\", \"dstport\": 443}\r";
            case 87 -> "{\"dstdevice\": \"A\", \"dstdevice\": \"" + device + "\", \"dstport\": \"80\"}";
            case 88 -> "{\"time\": \"time\", \"dstdevice\": \"dstdevice\", \"dstport\": \"dstport\"}";
            case 89 -> "{\"dstdevice\": \"" + device + "\", \"dstport\": \"80\", \"x\": {\"y\": [1]}}";
            case 90 -> "{\"dstdevice\": \"" + device + "\", \"dstport\": \"80\"} trailing";
            case 91 -> null;
            default -> "{\"time\": \"" + time + "\", \"dstdevice\": \"" + device
                + "\", \"dstport\": \"53\"}";
          };
    }
    if (text == null) {
      // Bytes that are not UTF-8, inside a device's name.
      byte[] head = ("{\"dstdevice\": \"Comp").getBytes(UTF_8);
      byte[] tail = "\", \"dstport\": \"80\"}".getBytes(UTF_8);
      byte[] line = new byte[head.length + 2 + tail.length];
      System.arraycopy(head, 0, line, 0, head.length);
      line[head.length] = (byte) 0xC3;
      line[head.length + 1] = (byte) 0x28;
      System.arraycopy(tail, 0, line, head.length + 2, tail.length);
      return line;
    }
    return text.getBytes(UTF_8);
  }

  private static byte[] csvRow(Random random, long time) {
    int kind = random.nextInt(100);
    String device = "Comp" + random.nextInt(30);
    String[] csvNumbers = {"0", "1", "9223372036854775807", "9223372036854775808", "12a", "-1", ""};
    String text =
        switch (kind) {
          case 90, 91 -> "";
          case 92 -> time + ",0,Comp1," + device + ",6,Port1,80,1,1,60";
          case 93 -> time + ",0,Comp1,,6,Port1,80,1,1,60,60";
          case 94 -> time + ",0,\"Comp1," + device + ",6,Port1,80,1,1,60,60";
          case 95 -> time + ",0,\"Comp,1\",\"" + device + "\",6,Port1,443,1,1,60,60";
          case 96 -> time + ",0,Comp1," + device + ",6,Port1,53,1,1,60,60";
          case 97 -> time + ",0,Comp1," + device + ",6,Port1,080,1,1,60,60\r";
          default -> (random.nextInt(10) == 0 ? "t" + time : Long.toString(time))
              + ",0," + (random.nextInt(6) == 0 ? "" : "Comp" + random.nextInt(9)) + "," + device
              + ",6,Port1," + (random.nextInt(4) == 0 ? "80" : "443") + ","
              + csvNumbers[random.nextInt(csvNumbers.length)] + ","
              + csvNumbers[random.nextInt(csvNumbers.length)] + ","
              + csvNumbers[random.nextInt(csvNumbers.length)] + ","
              + csvNumbers[random.nextInt(csvNumbers.length)];
        };
    return text.getBytes(UTF_8);
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
