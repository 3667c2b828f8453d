package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebFlowBatchTest {

  private static void add(WebFlowBatch.Builder builder, String device, long count) {
    builder.add(device, device.getBytes(StandardCharsets.UTF_8), count);
  }

  private static List<String> read(byte[] batch) {
    List<String> pairs = new ArrayList<>();
    WebFlowBatch.forEach(batch, (device, count) -> pairs.add(device + "=" + count));
    return pairs;
  }

  @Test
  void pairsComeBackInOrderAndTheBuilderStartsOverAfterTake() {
    WebFlowBatch.Builder builder = new WebFlowBatch.Builder();
    assertThat(builder.isEmpty()).isTrue();
    add(builder, "EnterpriseAppServer", 1);
    add(builder, "Compé", 300);
    add(builder, "x".repeat(1000), Long.MAX_VALUE);

    assertThat(builder.first()).isEqualTo("EnterpriseAppServer");
    assertThat(read(builder.take()))
        .containsExactly("EnterpriseAppServer=1", "Compé=300", "x".repeat(1000) + "=" + Long.MAX_VALUE);
    assertThat(builder.isEmpty()).isTrue();
    add(builder, "VPN", 2);
    assertThat(read(builder.take())).containsExactly("VPN=2");
  }

  @Test
  void aCutBatchIsAnErrorNotAMiscount() {
    WebFlowBatch.Builder builder = new WebFlowBatch.Builder();
    add(builder, "Comp1", 5);
    byte[] batch = builder.take();

    assertThatThrownBy(() -> read(Arrays.copyOf(batch, batch.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut");
    assertThat(read(new byte[0])).isEmpty();
  }
}
