package io.flowrank.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.Compression;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCounterTest {

  @TempDir Path dir;

  private static String flow(String device, String port) {
    return "{\"dstdevice\": \"" + device + "\", \"dstport\": \"" + port + "\"}";
  }

  @Test
  void countsWebFlowsPerDeviceOverEveryFileAndRejectsTheRest() throws IOException {
    Files.writeString(dir.resolve("time_01.json"),
        "\uFEFF" + flow("A", "443") + "\r\n" + flow("B", "80") + "\r\n\r\n" + flow("A", "22") + "\n");
    Files.writeString(dir.resolve("time_02.json"), flow("A", "80") + "\nnot json\n{\"dstport\": \"80\"}");
    Files.writeString(dir.resolve("time_03.json"), "");
    // Opens with a brace, so JSON lines (docs/design.md §1.2: the first non-blank byte tells the format).
    Files.write(dir.resolve("time_04.json"), ("{" + "x".repeat(300) + "\n" + flow("C", "443")).getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve(".hidden"), flow("H", "443"));

    BatchCount count =
        new BatchCounter(new FlowLineParser(WebPorts.DEFAULT)).count(InputFiles.at(dir, 200));

    assertThat(count.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("A", 2L, "B", 1L, "C", 1L));
    assertThat(count.files()).isEqualTo(4);
    assertThat(count.records()).isEqualTo(8);
    assertThat(count.webFlows()).isEqualTo(4);
    assertThat(count.rejected())
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            RejectReason.NOT_JSON, 1L, RejectReason.MISSING_DSTDEVICE, 1L, RejectReason.TOO_LARGE, 1L));
  }

  @Test
  void windowsJudgeLatenessInTheFilesNaturalOrderAndNameEachServerOnce() throws IOException {
    // time_2 before time_10: its flows at 172900 make the watermark; time_10's flow at 172800 comes
    // after it, its window (172800..172860, grace 10) closed at 172870.
    Files.writeString(
        dir.resolve("time_2.json"),
        timed("A", "C1", "172900", "1") + "\n" + timed("A", "C2", "172901", "1") + "\n"
            + timed("B", "C1", "172902", "0") + "\n" + timed("A", "C1", "x", "1") + "\n");
    Files.writeString(
        dir.resolve("time_10.json"),
        timed("A", "C3", "172800", "1") + "\n" + timed("A", "C3", "172905", "1") + "\n"
            + timed("A", "C4", "173000", "1") + "\n" + timed("A", "C5", "173001", "1") + "\n");

    BatchCount count =
        new BatchCounter(new FlowRules(WebPorts.DEFAULT))
            .count(
                InputFiles.at(dir, 1_000),
                new io.flowrank.core.time.Windowing(60, 10, 600),
                new io.flowrank.core.time.ServerRule(3, 2));
    BatchWindows windows = count.windows().orElseThrow();

    assertThat(count.counts()).containsEntry("A", 7L).containsEntry("B", 1L);
    assertThat(windows.late()).isEqualTo(1);
    assertThat(windows.untimed()).isEqualTo(1);
    assertThat(windows.watermark()).isEqualTo(173_001);
    assertThat(windows.byWindow().keySet()).containsExactly(172_860L, 172_980L);
    assertThat(windows.byWindow().get(172_860L).get("A").count()).isEqualTo(3);
    assertThat(windows.byWindow().get(172_860L).get("A").clients()).isEqualTo(3);
    assertThat(windows.webFlows(172_860L)).isEqualTo(4);
    // A qualifies in 172860 with its third answered flow (the one of time_10 at 172905), and again
    // in 172980: one event, the first.
    assertThat(windows.events())
        .containsExactly(new io.flowrank.core.api.ServerEvent("A", 172_860, 3, 3, 3, 172_900));
    assertThat(windows.held().keySet()).containsExactly(172_860L, 172_980L);
  }

  @Test
  void theEventNamesTheEarliestWindowThatQualifiesNotTheFirstToQualifyInTheReplay()
      throws IOException {
    // Windows of 60 s, grace 10: 172860 qualifies first in the replay; then lines of 172800 come
    // within the grace (the watermark 172865 is below 172860 + 10) and make it qualify too.
    Files.writeString(
        dir.resolve("time_1.json"),
        timed("A", "C1", "172861", "1")
            + "\n"
            + timed("A", "C2", "172862", "1")
            + "\n"
            + timed("A", "C3", "172865", "1")
            + "\n"
            + timed("A", "C1", "172858", "1")
            + "\n"
            + timed("A", "C2", "172859", "1")
            + "\n"
            + timed("A", "C3", "172859", "1")
            + "\n");

    BatchWindows windows =
        new BatchCounter(new FlowRules(WebPorts.DEFAULT))
            .count(
                InputFiles.at(dir, 1_000),
                new io.flowrank.core.time.Windowing(60, 10, 600),
                new io.flowrank.core.time.ServerRule(3, 2))
            .windows()
            .orElseThrow();

    assertThat(windows.late()).isZero();
    assertThat(windows.events())
        .containsExactly(new io.flowrank.core.api.ServerEvent("A", 172_800, 3, 3, 3, 172_858));
  }

  private static String timed(String device, String client, String time, String dstpackets) {
    return "{\"time\": \"" + time + "\", \"srcdevice\": \"" + client + "\", \"dstdevice\": \""
        + device + "\", \"dstport\": \"443\", \"dstpackets\": \"" + dstpackets + "\"}";
  }

  /** device, dstport: the same flows written in every format. */
  private static final String[][] FLOWS = {
    {"Comp1", "443"}, {"Comp2", "80"}, {"Comp1", "80"}, {"Comp3", "53"}, {"Comp,4", "443"},
    {"Serveur-\u00e9t\u00e9", "80"}, {"Comp2", "080"}, {"Comp5", "Port80"}, {"Comp1", "443"},
  };

  /** Flow {@code i}'s evidence fields: time, srcdevice, dstpackets, dstbytes, all differing by flow. */
  private static String[] evidence(int i) {
    return new String[] {
      Integer.toString(172_800 + 7 * (i % 4)), i % 3 == 0 ? "" : "Cli" + (i % 3), Integer.toString(i % 2),
      i == 8 ? "12a" : Integer.toString(100 * i)
    };
  }

  private static String jsonObject(int i, String indent) {
    String device = FLOWS[i][0];
    String port = FLOWS[i][1];
    String[] e = evidence(i);
    String sep = indent.isEmpty() ? ", " : ",\n" + indent;
    return "{" + (indent.isEmpty() ? "" : "\n" + indent)
        + String.join(sep, "\"time\": \"" + e[0] + "\"", "\"duration\": \"0\"", "\"srcdevice\": \"" + e[1] + "\"",
            "\"dstdevice\": \"" + device + "\"", "\"protocol\": \"6\"", "\"srcport\": \"Port1\"",
            "\"dstport\": \"" + port + "\"", "\"srcpackets\": \"1\"", "\"dstpackets\": \"" + e[2] + "\"",
            "\"srcbytes\": \"60\"", "\"dstbytes\": \"" + e[3] + "\"")
        + (indent.isEmpty() ? "" : "\n  ") + "}";
  }

  private static String jsonLines() {
    StringBuilder out = new StringBuilder("\uFEFF");
    for (int i = 0; i < FLOWS.length; i++) {
      out.append(jsonObject(i, "")).append("\r\n");
    }
    out.append("\n{\"dstport\": \"80\"}\n"); // a blank line, one rejected
    return out.toString();
  }

  private static String jsonArray() {
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < FLOWS.length; i++) {
      out.append("  ").append(jsonObject(i, "    ")).append(",\n");
    }
    out.append("  {\"dstport\": \"80\"}\n]\n");
    return out.toString();
  }

  private static String csv() {
    StringBuilder out = new StringBuilder(io.flowrank.core.input.CsvReader.LANL_HEADER + "\r\n");
    for (int i = 0; i < FLOWS.length; i++) {
      String[] f = FLOWS[i];
      String[] e = evidence(i);
      String device = f[0].contains(",") ? "\"" + f[0] + "\"" : f[0];
      out.append(e[0]).append(",0,").append(e[1]).append(',').append(device).append(",6,Port1,")
          .append(f[1]).append(",1,").append(e[2]).append(",60,").append(e[3]).append("\r\n");
    }
    out.append("\r\n172800,0,Comp9,,6,Port1,80,1,1,60,60"); // a blank line, one rejected
    return out.toString();
  }

  @Test
  void theSameFlowsCountTheSameInEveryFormatAndCompression() throws IOException {
    Map<String, String> formats = Map.of("jsonl", jsonLines(), "array", jsonArray(), "csv", csv());
    List<BatchCount> counts = new ArrayList<>();
    for (Map.Entry<String, String> format : formats.entrySet()) {
      for (Compression compression : Compression.values()) {
        Path file = dir.resolve(format.getKey() + "-" + compression);
        Files.write(file, compress(compression, format.getValue().getBytes(StandardCharsets.UTF_8)));
        BatchCount count =
            new BatchCounter(new FlowRules(WebPorts.DEFAULT)).count(InputFiles.at(file, 10_000));
        assertThat(count.counts())
            .as(format.getKey() + " " + compression)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of("Comp1", 3L, "Comp2", 1L, "Comp,4", 1L, "Serveur-\u00e9t\u00e9", 1L));
        counts.add(count);
      }
    }
    assertThat(counts).hasSize(9);
    for (BatchCount count : counts) {
      assertThat(count.records()).isEqualTo(FLOWS.length + 1);
      assertThat(count.webFlows()).isEqualTo(6);
      assertThat(count.rejectedTotal()).isEqualTo(1);
      assertThat(count.evidence()).as("every measure, every format").isEqualTo(counts.get(0).evidence());
      assertThat(count.incomplete().get(io.flowrank.core.evidence.NumericField.DSTBYTES)).isEqualTo(1);
    }
    // Comp1: flows 0, 2 and 8 (443, 80, 443).
    io.flowrank.core.evidence.Evidence comp1 = counts.get(0).evidence().get("Comp1");
    assertThat(comp1.count()).isEqualTo(3);
    assertThat(comp1.answered()).as("dstpackets 0, 0, 0").isZero();
    assertThat(comp1.clients()).as("'', Cli2, Cli2").isEqualTo(1);
    assertThat(comp1.bytesOut().toBigInteger().longValue()).as("0 + 200 + '12a'").isEqualTo(200);
    assertThat(comp1.ports().countOf(443)).isEqualTo(2);
    assertThat(comp1.firstSeen()).isEqualTo(172_800);
    assertThat(comp1.lastSeen()).isEqualTo(172_814);
  }

  private static byte[] compress(Compression compression, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (compression) {
      case NONE -> out.writeBytes(content);
      case GZIP -> {
        try (OutputStream gz = new GZIPOutputStream(out)) {
          gz.write(content);
        }
      }
      case BZIP2 -> {
        try (OutputStream bz = new BZip2CompressorOutputStream(out)) {
          bz.write(content);
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void aSingleFileIsAnInputToo() throws IOException {
    Path file = dir.resolve("one.json");
    Files.writeString(file, flow("A", "443"));
    assertThat(new BatchCounter(new FlowLineParser(WebPorts.DEFAULT)).count(InputFiles.at(file, 1000)).counts())
        .containsExactlyEntriesOf(Map.of("A", 1L));
  }
}
