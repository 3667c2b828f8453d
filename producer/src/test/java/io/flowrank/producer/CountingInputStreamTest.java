package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CountingInputStreamTest {

  @Test
  void countsWhatIsReadOneByOneInBlocksAndSkipped() throws IOException {
    byte[] data = "abcdefghij".getBytes(StandardCharsets.US_ASCII);
    CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(data));

    assertThat(in.read()).isEqualTo('a');
    assertThat(in.count()).isEqualTo(1);
    assertThat(in.skip(3)).isEqualTo(3);
    assertThat(in.count()).isEqualTo(4);
    assertThat(in.readAllBytes()).hasSize(6);
    assertThat(in.count()).isEqualTo(10);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.count()).isEqualTo(10);
  }
}
