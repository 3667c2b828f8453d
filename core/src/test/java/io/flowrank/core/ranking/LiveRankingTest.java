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
  void addReadsTheCountElsewhereOnlyForDevicesItDoesNotKeep() {
    LiveRanking ranking = new LiveRanking(1);
    Map<String, Long> store = new HashMap<>(Map.of("a", 10L, "b", 3L, "c", 1L));
    java.util.List<String> asked = new java.util.ArrayList<>();
    java.util.function.ToLongFunction<String> elsewhere =
        device -> {
          asked.add(device);
          return store.getOrDefault(device, 0L);
        };

    assertThat(ranking.add("a", 2, elsewhere)).isEqualTo(12);
    assertThat(ranking.add("a", 1, elsewhere)).isEqualTo(13);
    assertThat(ranking.add("new", 4, elsewhere)).isEqualTo(4);
    assertThat(ranking.add("b", 1, elsewhere)).isEqualTo(4);

    assertThat(asked).containsExactly("a", "new", "b");
    assertThat(ranking.top(5)).containsExactly(new DeviceCount("a", 13));
  }

  @Test
  void addEqualsAFullSortForAnyUpdateSequence() {
    Random random = new Random(11);
    Map<String, Long> counts = new HashMap<>();
    LiveRanking ranking = new LiveRanking(20, 5);
    for (int i = 0; i < 100_000; i++) {
      String device = "d" + (int) Math.pow(random.nextInt(3000) + 1, 1.3);
      long added = 1 + random.nextInt(3);
      long expected = counts.merge(device, added, Long::sum);
      assertThat(ranking.add(device, added, d -> counts.get(d) - added)).isEqualTo(expected);
      if (i % 10_000 == 0) {
        assertThat(ranking.top(20)).isEqualTo(TopN.of(counts, 20));
      }
    }
    assertThat(ranking.top(20)).isEqualTo(TopN.of(counts, 20));
    assertThat(ranking.top(5)).as("the leaders").isEqualTo(TopN.of(counts, 5));
    assertThat(ranking.top(3)).isEqualTo(TopN.of(counts, 3));
    assertThat(ranking.top(6)).as("one past the leaders").isEqualTo(TopN.of(counts, 6));
  }

  @Test
  void leadersAndLargerTopsAgreeWithAFullSortAtEveryStep() {
    Random random = new Random(5);
    Map<String, Long> counts = new HashMap<>();
    LiveRanking ranking = new LiveRanking(12, 3);
    for (int i = 0; i < 20_000; i++) {
      String device = "d" + random.nextInt(60);
      long count = counts.merge(device, 1L + random.nextInt(2), Long::sum);
      ranking.update(device, count);
      int n = 1 + random.nextInt(14);
      assertThat(ranking.top(n)).as("top %d after %d updates", n, i).isEqualTo(TopN.of(counts, Math.min(n, 12)));
    }
  }

  @Test
  void countsTheDevicesAboveAProbeExactlyWhileItRanksAboveTheBar() {
    Random random = new Random(11);
    Map<String, Long> counts = new HashMap<>();
    LiveRanking ranking = new LiveRanking(20);
    int answered = 0;
    int declined = 0;
    for (int i = 0; i < 50_000; i++) {
      String device = "d" + (int) Math.pow(random.nextInt(500) + 1, 1.3);
      ranking.update(device, counts.merge(device, 1L, Long::sum));
      if (i % 997 == 0) {
        String probe = "d" + (int) Math.pow(random.nextInt(500) + 1, 1.3);
        long probeCount = counts.getOrDefault(probe, 0L);
        long expected =
            counts.entrySet().stream()
                .filter(
                    e ->
                        e.getValue() > probeCount
                            || (e.getValue() == probeCount && e.getKey().compareTo(probe) < 0))
                .count();
        var above = ranking.countAbove(probe, probeCount);
        if (above.isPresent()) {
          assertThat(above.getAsLong()).as("devices above %s", probe).isEqualTo(expected);
          answered++;
        } else {
          // Declined only where the kept devices cannot know: the probe is outside the best 20.
          assertThat(expected).as("devices above declined %s", probe).isGreaterThanOrEqualTo(20);
          declined++;
        }
      }
    }
    assertThat(answered).isPositive();
    assertThat(declined).isPositive();
  }

  @Test
  void theTotalIsTheSumOfEveryCountKeptOrNot() {
    Map<String, Long> store = new HashMap<>(Map.of("a", 5L, "b", 3L, "c", 1L));
    LiveRanking ranking = new LiveRanking(2);
    store.forEach(ranking::update);
    assertThat(ranking.total()).isEqualTo(9);
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      String device = "d" + random.nextInt(50);
      long added = 1 + random.nextInt(3);
      store.merge(device, ranking.add(device, added, d -> store.getOrDefault(d, 0L)), (a, b) -> b);
    }
    assertThat(ranking.total())
        .isEqualTo(store.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void refusesAnEmptyCapacity() {
    assertThatThrownBy(() -> new LiveRanking(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LiveRanking(5, 6)).isInstanceOf(IllegalArgumentException.class);
  }
}
