package io.flowrank.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    Files.write(dir.resolve("time_04.json"), ("x".repeat(300) + "\n" + flow("C", "443")).getBytes(StandardCharsets.UTF_8));
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
  void aSingleFileIsAnInputToo() throws IOException {
    Path file = dir.resolve("one.json");
    Files.writeString(file, flow("A", "443"));
    assertThat(new BatchCounter(new FlowLineParser(WebPorts.DEFAULT)).count(InputFiles.at(file, 1000)).counts())
        .containsExactlyEntriesOf(Map.of("A", 1L));
  }
}
