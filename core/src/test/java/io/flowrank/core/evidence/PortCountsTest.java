package io.flowrank.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-copy paths of {@link PortCounts} against adding one port at a time. */
class PortCountsTest {

  private static PortCounts portByPort(PortCounts counts, int[] ports, long[] flows, int size) {
    PortCounts result = counts;
    for (int i = 0; i < size; i++) {
      result = result.plus(ports[i], flows[i]);
    }
    return result;
  }

  @Test
  void aTallysPortsAddUpAsOneAtATime() {
    Random random = new Random(20);
    PortCounts counts = PortCounts.NONE;
    for (int i = 0; i < 2_000; i++) {
      Tally tally = new Tally();
      int[] ports = new int[3];
      long[] flows = new long[3];
      int size = random.nextInt(4);
      for (int j = 0; j < size; j++) {
        // Mostly ports the device has, now and then a new one; a tally lists a port once.
        ports[j] = random.nextInt(10) == 0 ? 8_000 + random.nextInt(100) : 80 + 363 * j;
        flows[j] = 1 + random.nextInt(50);
        tally.addPort(ports[j], flows[j]);
      }
      PortCounts expected = portByPort(counts, ports, flows, size);
      PortCounts grown = counts.plus(tally);
      assertThat(grown).isEqualTo(expected);
      assertThat(grown.toString()).isEqualTo(expected.toString());
      counts = grown;
    }
    assertThat(counts.size()).isGreaterThan(3);
  }

  @Test
  void parallelArraysGiveTheSameCountsSortedOrNot() {
    int[] sorted = {80, 443, 8080};
    long[] flows = {3, 5, 7};
    PortCounts expected = portByPort(PortCounts.NONE, sorted, flows, 3);
    assertThat(PortCounts.of(sorted, flows, 3)).isEqualTo(expected);
    assertThat(PortCounts.of(new int[] {443, 80, 8080}, new long[] {5, 3, 7}, 3))
        .isEqualTo(expected);
    assertThat(PortCounts.of(new int[] {80, 80, 443, 8080}, new long[] {1, 2, 5, 7}, 4))
        .isEqualTo(expected);
    // Only `size` entries count, and a port without flows is not listed.
    assertThat(PortCounts.of(new int[] {80, 443, 8080, 9}, new long[] {3, 5, 7, 1}, 3))
        .isEqualTo(expected);
    assertThat(PortCounts.of(new int[] {80, 443, 8080}, new long[] {3, 0, 7}, 3).size())
        .isEqualTo(2);
    assertThat(PortCounts.of(sorted, flows, 0)).isSameAs(PortCounts.NONE);
  }
}
