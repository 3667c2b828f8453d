package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

  @Test
  void numbersCompareByValue() {
    List<String> names = new ArrayList<>(List.of("time_10.json", "time_2.json", "time_1.json", "a", "time_02.json"));
    names.sort(NaturalOrder.INSTANCE);
    assertThat(names).containsExactly("a", "time_1.json", "time_02.json", "time_2.json", "time_10.json");
  }

  @Test
  void zeroPaddedNamesKeepTheirOrder() {
    List<String> names = new ArrayList<>(List.of("time_50.json", "time_09.json", "time_10.json"));
    names.sort(NaturalOrder.INSTANCE);
    assertThat(names).containsExactly("time_09.json", "time_10.json", "time_50.json");
  }
}
