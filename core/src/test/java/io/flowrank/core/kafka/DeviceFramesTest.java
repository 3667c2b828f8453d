package io.flowrank.core.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.WindowClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch's judged frames, one per partition of {@code flows} (docs/design.md §3.1): each web flow
 * in its device's partition, the other lines after the latest web flow, and the watermark the other
 * frames' web flows moved.
 */
class DeviceFramesTest {

  private static final FlowRules RULES = new FlowRules(WebPorts.DEFAULT);

  /** A frame as the sink got it: partition, first line, stamp, and its entries' first words. */
  private record Sent(int partition, long firstLine, long stamp, List<String> entries) {}

  private final List<Sent> sent = new ArrayList<>();

  private DeviceFrames frames(int linesPerRecord) {
    return new DeviceFrames(
        InputFormat.JSON_LINES,
        RULES,
        4,
        linesPerRecord,
        (partition, firstLine, stamp, frame) ->
            sent.add(
                new Sent(
                    partition,
                    firstLine,
                    stamp,
                    JudgedFrame.describe(frame).stream()
                        .map(DeviceFramesTest::firstWords)
                        .toList())));
  }

  /** {@code web <device>}, {@code other <count>}, {@code line <place>}, {@code watermark <at>}. */
  private static String firstWords(String entry) {
    String[] words = entry.split(" ");
    return words[0] + " " + words[entry.startsWith("web ") ? 2 : 1];
  }

  private static String web(String device, long time) {
    return "{\"time\": " + time + ", \"dstdevice\": \"" + device + "\", \"dstport\": \"443\"}";
  }

  /** Judges the lines from line 1 on, moving the watermark as the producer does; returns it. */
  private static long judge(DeviceFrames frames, String... lines) throws InterruptedException {
    FlowFields fields = new FlowFields();
    long watermark = 0;
    for (int i = 0; i < lines.length; i++) {
      byte[] line = lines[i].getBytes(UTF_8);
      if (frames.judge(line, line.length, i + 1, watermark, fields)
          .isWebFlow()) {
        watermark = WindowClock.advance(watermark, fields);
      }
    }
    return watermark;
  }

  @Test
  void eachWebFlowGoesToItsDevicesPartitionWithTheWatermarkTheOthersMoved() throws Exception {
    // Of 4 partitions, B lives in 0, D in 1, A in 2 (murmur2, as Kafka's partitioner).
    assertThat(DevicePartitioner.partitionOf("B", 4)).isZero();
    assertThat(DevicePartitioner.partitionOf("D", 4)).isEqualTo(1);
    assertThat(DevicePartitioner.partitionOf("A", 4)).isEqualTo(2);
    DeviceFrames frames = frames(1_000);

    long watermark =
        judge(
            frames,
            web("B", 100),
            "{\"dstdevice\": \"B\", \"dstport\": \"53\"}",
            web("D", 105),
            web("B", 103),
            "not json",
            web("A", 90),
            web("D", 110));
    frames.sendAll(watermark);

    assertThat(watermark).isEqualTo(110);
    assertThat(sent)
        .containsExactly(
            // B's flows, the other flow and the broken line after them; before B's second flow, D's
            // brought the watermark to 105; at the end, D's last to 110.
            new Sent(
                0,
                1,
                0,
                List.of("web B", "other 1", "watermark 105", "web B", "line 4", "watermark 110")),
            // D's frame starts after B's first flow, stamped 100; its own flows move it, and no
            // other's went past them.
            new Sent(1, 3, 100, List.of("web D", "web D")),
            new Sent(2, 6, 105, List.of("web A", "watermark 110")));
  }

  @Test
  void aFullFrameGoesBeforeTheNextLineOfItsPartitionJoins() throws Exception {
    DeviceFrames frames = frames(2);

    long watermark =
        judge(frames, web("B", 1), web("B", 2), web("D", 3), web("B", 4), web("B", 5), web("B", 6));
    frames.sendAll(watermark);

    assertThat(sent)
        .extracting(s -> s.partition() + ":" + s.firstLine() + "@" + s.stamp())
        .containsExactly("0:1@0", "0:4@3", "0:6@5", "1:3@2");
  }
}
