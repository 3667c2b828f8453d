package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairIndexTest {

  @Test
  void holdsEachPairWithItsLatestWindowAndNothingElse() {
    PairIndex index = new PairIndex(100);
    int web = index.device("Web");
    int other = index.device("Other");

    index.put(web, "Comp1", ClientPairs.NO_WINDOW);
    index.put(web, "Comp2", 3_600);
    index.put(other, "Comp1", 7_200);

    assertThat(index.latest(web, "Comp1")).isEqualTo(ClientPairs.NO_WINDOW);
    assertThat(index.latest(web, "Comp2")).isEqualTo(3_600);
    assertThat(index.latest(other, "Comp1")).isEqualTo(7_200);
    assertThat(index.latest(other, "Comp2")).isEqualTo(PairIndex.ABSENT);
    assertThat(index.latest(web, "Comp3")).isEqualTo(PairIndex.ABSENT);
    assertThat(index.device("Web")).isEqualTo(web);

    index.put(web, "Comp2", 10_800);
    assertThat(index.latest(web, "Comp2")).isEqualTo(10_800);
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.complete()).isTrue();
  }

  /** Against a map, through several growths of the table. */
  @Test
  void agreesWithAMapOverManyPairs() {
    PairIndex index = new PairIndex(1_000_000);
    Map<String, Long> expected = new HashMap<>();
    Random random = new Random(19);
    for (int i = 0; i < 60_000; i++) {
      String device = "Dev" + random.nextInt(500);
      String client = "Comp" + random.nextInt(2_000);
      long window = random.nextInt(5) * 3_600L;
      index.put(index.device(device), client, window);
      expected.put(device + "/" + client, window);
    }
    assertThat(index.size()).isEqualTo(expected.size());
    for (int d = 0; d < 500; d++) {
      int device = index.device("Dev" + d);
      for (int c = 0; c < 2_000; c += 7) {
        Long window = expected.get("Dev" + d + "/Comp" + c);
        assertThat(index.latest(device, "Comp" + c))
            .isEqualTo(window == null ? PairIndex.ABSENT : window);
      }
    }
    assertThat(index.complete()).isTrue();
  }

  @Test
  void pastItsBoundItKeepsWhatItHoldsAndSaysItIsNoLongerComplete() {
    PairIndex index = new PairIndex(2);
    int web = index.device("Web");
    index.put(web, "Comp1", 1);
    index.put(web, "Comp2", 2);
    assertThat(index.complete()).isTrue();

    index.put(web, "Comp3", 3);
    index.put(index.device("Later"), "Comp1", 4);

    assertThat(index.complete()).isFalse();
    assertThat(index.latest(web, "Comp3")).isEqualTo(PairIndex.ABSENT);
    assertThat(index.latest(index.device("Later"), "Comp1")).isEqualTo(PairIndex.ABSENT);
    // What it holds stays exact, and can still move to a later window.
    index.put(web, "Comp1", 5);
    assertThat(index.latest(web, "Comp1")).isEqualTo(5);
    assertThat(index.latest(web, "Comp2")).isEqualTo(2);

    index.clear();
    assertThat(index.complete()).isTrue();
    assertThat(index.size()).isZero();
    assertThat(index.latest(index.device("Web"), "Comp1")).isEqualTo(PairIndex.ABSENT);
  }

  @Test
  void holdingNothingItIsCompleteOnlyUntilThePairsStoreHasOne() {
    PairIndex index = new PairIndex(0);
    assertThat(index.complete()).isTrue();
    assertThat(index.latest(index.device("Web"), "Comp1")).isEqualTo(PairIndex.ABSENT);
    index.put(index.device("Web"), "Comp1", ClientPairs.NO_WINDOW);
    assertThat(index.complete()).isFalse();
  }
}
