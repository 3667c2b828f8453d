package io.flowrank.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopNTest {

  @Test
  void ranksByCountThenByDstdeviceAtTies() {
    Map<String, Long> counts = Map.of("b", 5L, "a", 5L, "c", 9L, "d", 1L);
    assertThat(TopN.of(counts, 3))
        .containsExactly(new DeviceCount("c", 9), new DeviceCount("a", 5), new DeviceCount("b", 5));
  }

  @Test
  void keepsTheBestOfManyWithBoundedMemory() {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.put(String.format("Comp%05d", i), (long) (i % 100));
    }
    List<DeviceCount> top = TopN.of(counts, 5);
    assertThat(top).extracting(DeviceCount::count).containsOnly(99L);
    assertThat(top).extracting(DeviceCount::dstdevice)
        .containsExactly("Comp00099", "Comp00199", "Comp00299", "Comp00399", "Comp00499");
  }

  @Test
  void mergesRankedListsOfDisjointDevices() {
    List<DeviceCount> one = List.of(new DeviceCount("x", 10), new DeviceCount("y", 3));
    List<DeviceCount> two = List.of(new DeviceCount("z", 7), new DeviceCount("w", 3));
    assertThat(TopN.merge(List.of(one, two), 3))
        .containsExactly(new DeviceCount("x", 10), new DeviceCount("z", 7), new DeviceCount("w", 3));
  }

  @Test
  void fewerDevicesThanNGivesThemAll() {
    assertThat(TopN.of(Map.of("a", 1L), 20)).containsExactly(new DeviceCount("a", 1));
  }
}
