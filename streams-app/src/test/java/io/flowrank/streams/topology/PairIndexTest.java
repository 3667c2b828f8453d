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
    NameTable names = new NameTable(100);
    int web = names.number("Web");
    int other = names.number("Other");

    index.put(web, names.number("Comp1"), ClientPairs.NO_WINDOW);
    index.put(web, names.number("Comp2"), 3_600);
    index.put(other, names.number("Comp1"), 7_200);

    assertThat(index.latest(web, names.number("Comp1"))).isEqualTo(ClientPairs.NO_WINDOW);
    assertThat(index.latest(web, names.number("Comp2"))).isEqualTo(3_600);
    assertThat(index.latest(other, names.number("Comp1"))).isEqualTo(7_200);
    assertThat(index.latest(other, names.number("Comp2"))).isEqualTo(PairIndex.ABSENT);
    assertThat(index.latest(web, names.number("Comp3"))).isEqualTo(PairIndex.ABSENT);
    assertThat(names.number("Web")).isEqualTo(web);

    index.put(web, names.number("Comp2"), 10_800);
    assertThat(index.latest(web, names.number("Comp2"))).isEqualTo(10_800);
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.complete()).isTrue();
  }

  /** Against a map, through several growths of the table. */
  @Test
  void agreesWithAMapOverManyPairs() {
    PairIndex index = new PairIndex(1_000_000);
    NameTable names = new NameTable(1_000_000);
    Map<String, Long> expected = new HashMap<>();
    Random random = new Random(19);
    for (int i = 0; i < 60_000; i++) {
      String device = "Dev" + random.nextInt(500);
      String client = "Comp" + random.nextInt(2_000);
      long window = random.nextInt(5) * 3_600L;
      index.put(names.number(device), names.number(client), window);
      expected.put(device + "/" + client, window);
    }
    assertThat(index.size()).isEqualTo(expected.size());
    for (int d = 0; d < 500; d++) {
      int device = names.number("Dev" + d);
      for (int c = 0; c < 2_000; c += 7) {
        Long window = expected.get("Dev" + d + "/Comp" + c);
        assertThat(index.latest(device, names.number("Comp" + c)))
            .isEqualTo(window == null ? PairIndex.ABSENT : window);
      }
    }
    assertThat(index.complete()).isTrue();
  }

  @Test
  void pastItsBoundItKeepsWhatItHoldsAndSaysItIsNoLongerComplete() {
    PairIndex index = new PairIndex(2);
    NameTable names = new NameTable(10);
    int web = names.number("Web");
    index.put(web, names.number("Comp1"), 1);
    index.put(web, names.number("Comp2"), 2);
    assertThat(index.complete()).isTrue();

    index.put(web, names.number("Comp3"), 3);
    index.put(names.number("Later"), names.number("Comp1"), 4);

    assertThat(index.complete()).isFalse();
    assertThat(index.latest(web, names.number("Comp3"))).isEqualTo(PairIndex.ABSENT);
    assertThat(index.latest(names.number("Later"), names.number("Comp1")))
        .isEqualTo(PairIndex.ABSENT);
    // What it holds stays exact, and can still move to a later window.
    index.put(web, names.number("Comp1"), 5);
    assertThat(index.latest(web, names.number("Comp1"))).isEqualTo(5);
    assertThat(index.latest(web, names.number("Comp2"))).isEqualTo(2);

    index.clear();
    assertThat(index.complete()).isTrue();
    assertThat(index.size()).isZero();
    assertThat(index.latest(names.number("Web"), names.number("Comp1")))
        .isEqualTo(PairIndex.ABSENT);
  }

  @Test
  void holdingNothingItIsCompleteOnlyUntilThePairsStoreHasOne() {
    PairIndex index = new PairIndex(0);
    NameTable names = new NameTable(10);
    assertThat(index.complete()).isTrue();
    assertThat(index.latest(names.number("Web"), names.number("Comp1")))
        .isEqualTo(PairIndex.ABSENT);
    index.put(names.number("Web"), names.number("Comp1"), ClientPairs.NO_WINDOW);
    assertThat(index.complete()).isFalse();
  }

  @Test
  void aNameTheNameTableDoesNotHoldIsNeverHeldAndMakesTheIndexPartial() {
    PairIndex index = new PairIndex(100);
    NameTable names = new NameTable(2);
    int web = names.number("Web");
    index.put(web, names.number("Comp1"), 1);
    assertThat(index.complete()).isTrue();

    int unheld = names.number("Comp2");
    assertThat(unheld).isEqualTo(NameTable.NOT_HELD);
    index.put(web, unheld, 2);

    assertThat(index.complete()).isFalse();
    assertThat(index.latest(web, unheld)).isEqualTo(PairIndex.ABSENT);
    assertThat(index.latest(web, names.number("Comp1"))).isEqualTo(1);
  }
}
