package io.flowrank.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveRankingTest {

  @Test
  void keepsTheBestDevicesInRankingOrder() {
    LiveRanking ranking = new LiveRanking(3);
    ranking.update("a", 1);
    ranking.update("b", 5);
    ranking.update("c", 3);
    ranking.update("d", 4);
    ranking.update("a", 2);

    assertThat(ranking.top(10))
        .containsExactly(
            new DeviceCount("b", 5), new DeviceCount("d", 4), new DeviceCount("c", 3));
    assertThat(ranking.top(2)).containsExactly(new DeviceCount("b", 5), new DeviceCount("d", 4));
  }

  @Test
  void aDevicePushedOutComesBackWhenItGrows() {
    LiveRanking ranking = new LiveRanking(2);
    ranking.update("a", 1);
    ranking.update("b", 2);
    ranking.update("c", 3);
    ranking.update("a", 7);

    assertThat(ranking.top(2)).containsExactly(new DeviceCount("a", 7), new DeviceCount("c", 3));
  }

  @Test
  void tiesAreBrokenByNameAsInTheRankingOrder() {
    LiveRanking ranking = new LiveRanking(2);
    ranking.update("c", 1);
    ranking.update("b", 1);
    ranking.update("a", 1);
    ranking.update("d", 1);

    assertThat(ranking.top(5)).containsExactly(new DeviceCount("a", 1), new DeviceCount("b", 1));
  }

  @Test
  void equalsAFullSortForAnyUpdateSequence() {
    Random random = new Random(7);
    Map<String, Long> counts = new HashMap<>();
    LiveRanking ranking = new LiveRanking(50);
    for (int i = 0; i < 200_000; i++) {
      // Zipf-like: a few devices get most of the updates, many get one or two.
      String device = "d" + (int) Math.pow(random.nextInt(2000) + 1, 1.4);
      long count = counts.merge(device, 1L, Long::sum);
      ranking.update(device, count);
      if (i % 20_000 == 0) {
        assertThat(ranking.top(50)).isEqualTo(TopN.of(counts, 50));
      }
    }
    assertThat(ranking.top(50)).isEqualTo(TopN.of(counts, 50));
    assertThat(ranking.top(7)).isEqualTo(TopN.of(counts, 7));
  }

  @Test
  void refusesAnEmptyCapacity() {
    assertThatThrownBy(() -> new LiveRanking(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
