package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NameTableTest {

  private static int number(NameTable names, String text, String around) {
    // The name in the middle of other bytes, as in a batch.
    byte[] bytes = (around + text + around).getBytes(StandardCharsets.UTF_8);
    int offset = around.getBytes(StandardCharsets.UTF_8).length;
    return names.number(bytes, offset, text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void aNameGetsOneNumberWhereverItsBytesAre() {
    NameTable names = new NameTable(100);
    int comp = number(names, "Comp123", "xx");
    int other = number(names, "Comp124", "");
    int again = number(names, "Comp123", "Comp123Comp");

    assertThat(again).isEqualTo(comp);
    assertThat(other).isNotEqualTo(comp);
    assertThat(names.number("Comp123")).isEqualTo(comp);
    assertThat(names.number("Comp12")).isNotIn(comp, other);
    assertThat(names.size()).isEqualTo(3);
  }

  @Test
  void namesOfAnyUtf8AndTheEmptyNameAreHeldExactly() {
    NameTable names = new NameTable(100);
    int empty = names.number("");
    int accented = number(names, "Serveur-é", "é");
    int prefix = names.number("Serveur-");

    assertThat(empty).isNotEqualTo(accented);
    assertThat(prefix).isNotIn(empty, accented);
    assertThat(names.number("")).isEqualTo(empty);
    assertThat(names.number("Serveur-é")).isEqualTo(accented);
  }

  /** Against a map, through several growths of the table. */
  @Test
  void agreesWithAMapOverManyNames() {
    NameTable names = new NameTable(1_000_000);
    Map<String, Integer> expected = new HashMap<>();
    Random random = new Random(21);
    for (int i = 0; i < 50_000; i++) {
      String name = "Comp" + random.nextInt(20_000);
      int number = names.number(name);
      assertThat(expected.computeIfAbsent(name, n -> number)).isEqualTo(number);
    }
    assertThat(names.size()).isEqualTo(expected.size());
    assertThat(expected.values()).doesNotHaveDuplicates();
  }

  @Test
  void pastItsBoundANewNameIsNotHeldAndHeldNamesStay() {
    NameTable names = new NameTable(2);
    int first = names.number("A");
    int second = names.number("B");

    int third = names.number("C");

    assertThat(third).isEqualTo(NameTable.NOT_HELD);
    assertThat(names.number("C")).isEqualTo(NameTable.NOT_HELD);
    assertThat(names.number("A")).isEqualTo(first);
    assertThat(names.number("B")).isEqualTo(second);
    assertThat(names.size()).isEqualTo(2);
  }

  @Test
  void aNameLongerThanItsLengthFieldIsNotHeld() {
    NameTable names = new NameTable(100);
    String longName = "x".repeat(70_000);

    assertThat(names.number(longName)).isEqualTo(NameTable.NOT_HELD);
    assertThat(names.number("x".repeat(65_535))).isNotEqualTo(NameTable.NOT_HELD);
  }
}
