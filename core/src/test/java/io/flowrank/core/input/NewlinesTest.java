package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {

  private static int naive(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstLineFeedAtEveryPositionOfAWord() {
    for (int length = 0; length < 40; length++) {
      for (int at = 0; at < length; at++) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 'x');
        bytes[at] = '\n';
        assertThat(Newlines.indexOf(bytes, 0, length)).as("length %d, at %d", length, at).isEqualTo(at);
      }
      assertThat(Newlines.indexOf(new byte[length], 0, length)).isEqualTo(-1);
    }
  }

  @Test
  void agreesWithAByteLoopOnRandomBytesAndRanges() {
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      for (int j = 0; j < bytes.length; j++) {
        // Bytes around 0x0A and high bytes, where a borrow could mislead a word-wide test.
        int pick = random.nextInt(6);
        bytes[j] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0B : pick == 2 ? 0x09 : pick == 3 ? 0x8A : random.nextInt(256));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int end = from + random.nextInt(bytes.length - from + 1);
      assertThat(Newlines.indexOf(bytes, from, end)).isEqualTo(naive(bytes, from, end));
    }
  }
}
