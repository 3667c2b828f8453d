package io.flowrank.core.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.LineKind;
import io.flowrank.core.rules.WebPorts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The judged frame's form (docs/design.md §3.1): written by the rules, read back the same. */
class JudgedFrameTest {

  private static final FlowRules RULES = new FlowRules(WebPorts.DEFAULT);

  @Test
  void whatTheRulesFoundIsReadBackEntryByEntry() {
    JudgedFrame.Writer writer = new JudgedFrame.Writer(InputFormat.JSON_LINES, WebPorts.DEFAULT);
    FlowFields fields = new FlowFields();
    String[] lines = {
      "{\"time\": \"172800\", \"srcdevice\": \"Comp9\", \"dstdevice\": \"Comp1\", \"dstport\": 443,"
          + " \"dstpackets\": \"0\", \"srcbytes\": \"9223372036854775807\","
          + " \"dstbytes\": \"9223372036854775808\"}",
      "{\"dstdevice\": \"Comp2\", \"dstport\": \"53\"}",
      "{\"dstdevice\": \"Comp3\", \"dstport\": \"8080\"}",
      "{\"srcdevice\": \"Comp1\", \"dstdevice\": \"C\\u00f6mp9\", \"dstport\": \"80\","
          + " \"dstpackets\": 7, \"srcbytes\": \"12a\", \"dstbytes\": -1}",
      "not json",
      "{\"srcdevice\": \"Comp9\", \"dstdevice\": \"Comp1\", \"dstport\": \"80\"}"
    };
    List<LineKind> kinds = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      byte[] line = lines[i].getBytes(UTF_8);
      kinds.add(writer.judge(RULES, InputFormat.JSON_LINES, line, line.length, i, fields).kind());
    }
    assertThat(writer.lines()).isEqualTo(6);

    byte[] frame = writer.take();

    assertThat(kinds)
        .containsExactly(
            LineKind.WEB_FLOW, LineKind.OTHER_FLOW, LineKind.OTHER_FLOW, LineKind.WEB_FLOW,
            LineKind.REJECTED, LineKind.WEB_FLOW);
    assertThat(JudgedFrame.check(frame))
        .isEqualTo(new JudgedFrame.Header(InputFormat.JSON_LINES, WebPorts.DEFAULT));
    assertThat(JudgedFrame.describe(frame))
        .containsExactly(
            "web 0 Comp1 FlowFields[port=443, srcdevice=Comp9, time=172800, dstpackets=0,"
                + " srcbytes=9223372036854775807, dstbytes=-1]",
            "other 2",
            // A name met before, as a device or a client, is its number: Comp1 is 0.
            "web 2 Cömp9 FlowFields[port=80, srcdevice=Comp1, time=-1, dstpackets=7,"
                + " srcbytes=-1, dstbytes=-1]",
            "line 4 not json",
            "web 0 Comp1 FlowFields[port=80, srcdevice=Comp9, time=-1, dstpackets=-1,"
                + " srcbytes=-1, dstbytes=-1]");
    assertThat(JudgedFrame.lines(frame)).isEqualTo(6);
    // A frame of version 1 (before the watermark entry), as an earlier producer wrote it: the same.
    assertThat(frame[1]).isEqualTo((byte) 2);
    byte[] versionOne = frame.clone();
    versionOne[1] = 1;
    assertThat(JudgedFrame.describe(versionOne)).isEqualTo(JudgedFrame.describe(frame));
    // The writer starts afresh: the next frame names its devices again.
    byte[] line = lines[5].getBytes(UTF_8);
    writer.judge(RULES, InputFormat.JSON_LINES, line, line.length, 0, fields);
    assertThat(JudgedFrame.describe(writer.take()))
        .containsExactly(
            "web 0 Comp1 FlowFields[port=80, srcdevice=Comp9, time=-1, dstpackets=-1,"
                + " srcbytes=-1, dstbytes=-1]");
  }

  @Test
  void csvRowsAndOtherPortsAreNamedInTheHeader() {
    WebPorts ports = WebPorts.parse("8080,80");
    JudgedFrame.Writer writer = new JudgedFrame.Writer(InputFormat.CSV, ports);
    byte[] row = "172800,0,Comp1,Comp2,6,Port1,8080,1,1,60,60".getBytes(UTF_8);
    writer.judge(new FlowRules(ports), InputFormat.CSV, row, row.length, 0, new FlowFields());

    byte[] frame = writer.take();

    assertThat(JudgedFrame.check(frame)).isEqualTo(new JudgedFrame.Header(InputFormat.CSV, ports));
    assertThat(JudgedFrame.describe(frame))
        .containsExactly(
            "web 0 Comp2 FlowFields[port=8080, srcdevice=Comp1, time=172800, dstpackets=1,"
                + " srcbytes=60, dstbytes=60]");
  }

  @Test
  void aFrameCutAnywhereOrForeignIsRefusedByTheCheckNeverMisread() {
    JudgedFrame.Writer writer = new JudgedFrame.Writer(InputFormat.JSON_LINES, WebPorts.DEFAULT);
    FlowFields fields = new FlowFields();
    for (String text :
        List.of(
            "{\"srcdevice\": \"Comp9\", \"dstdevice\": \"Comp1\", \"dstport\": \"80\","
                + " \"time\": \"172800\"}",
            "not json")) {
      byte[] line = text.getBytes(UTF_8);
      writer.judge(RULES, InputFormat.JSON_LINES, line, line.length, 0, fields);
    }
    byte[] frame = writer.take();
    // Every cut either ends between two entries (a shorter, valid frame) or is refused.
    int valid = 0;
    for (int length = 0; length < frame.length; length++) {
      byte[] cut = Arrays.copyOf(frame, length);
      try {
        JudgedFrame.check(cut);
        valid++;
      } catch (IllegalArgumentException refused) {
        assertThat(refused).hasMessageContaining("judged frame");
      }
    }
    assertThat(valid).as("cuts between entries: after the header, after the web flow").isEqualTo(2);

    assertThatThrownBy(() -> JudgedFrame.check("{\"dstdevice\": \"x\"}".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a judged frame");
    byte[] unknownName = frame.clone();
    // The web flow's first name (0: a new one) made a reference to a name never given.
    int entry = header().length;
    unknownName[entry + 1] = 9;
    assertThatThrownBy(() -> JudgedFrame.check(unknownName))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The bytes a writer starts every frame with. */
  private static byte[] header() {
    return new JudgedFrame.Writer(InputFormat.JSON_LINES, WebPorts.DEFAULT).take();
  }

}
