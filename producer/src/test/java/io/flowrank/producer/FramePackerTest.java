package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramePackerTest {

  private static void add(FramePacker packer, String line, long number) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    // The reader's buffer is larger than the line: only `length` bytes count.
    packer.add(java.util.Arrays.copyOf(bytes, bytes.length + 7), bytes.length, number);
  }

  @Test
  void packsLinesSeparatedByLineFeedsAndRemembersTheFirstLine() {
    FramePacker packer = new FramePacker(3, 1000);
    assertThat(packer.isEmpty()).isTrue();
    add(packer, "a", 10);
    add(packer, "", 11);
    add(packer, "ccc", 12);

    assertThat(packer.firstLine()).isEqualTo(10);
    assertThat(packer.fits(1)).as("three lines is the most").isFalse();
    assertThat(new String(packer.take(), StandardCharsets.UTF_8)).isEqualTo("a\n\nccc");
    assertThat(packer.isEmpty()).isTrue();
    add(packer, "d", 13);
    assertThat(packer.firstLine()).isEqualTo(13);
    assertThat(new String(packer.take(), StandardCharsets.UTF_8)).isEqualTo("d");
  }

  @Test
  void aFrameStopsBeforeItsByteLimitButALongerLineTravelsAlone() {
    FramePacker packer = new FramePacker(1000, 10);
    add(packer, "12345", 1);
    assertThat(packer.fits(4)).as("5 + 1 + 4 = 10 bytes").isTrue();
    assertThat(packer.fits(5)).as("11 bytes").isFalse();
    packer.take();
    assertThat(packer.fits(50)).as("an empty frame takes any line").isTrue();
    add(packer, "x".repeat(50), 2);
    assertThat(packer.take()).hasSize(50);
  }

  @Test
  void oneLinePerRecordGivesOneFlowPerRecord() {
    FramePacker packer = new FramePacker(1, 1000);
    add(packer, "{}", 1);
    assertThat(packer.fits(2)).isFalse();
  }

  @Test
  void refusesFewerThanOneLinePerRecord() {
    assertThatThrownBy(() -> new FramePacker(0, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
