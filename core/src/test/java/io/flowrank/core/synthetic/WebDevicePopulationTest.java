package io.flowrank.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WebDevicePopulationTest {

  @Test
  void headIsTheNotebooksTopTwentyWithThreePercentFirst() {
    WebDevicePopulation population = WebDevicePopulation.create(5_000, new SplittableRandom(1));

    assertThat(population.size()).isEqualTo(5_000);
    assertThat(population.name(0)).isEqualTo("EnterpriseAppServer");
    assertThat(population.name(1)).isEqualTo("Comp576843");
    assertThat(population.name(10)).isEqualTo("Comp097048");
    assertThat(population.name(19)).isEqualTo("Comp457448");
    assertThat(population.share(0)).isCloseTo(0.03, within(0.002));
    assertThat(population.share(1)).isCloseTo(0.03 * 13837 / 14199, within(0.002));
    assertThat(population.share(0) / population.share(19)).isCloseTo(14199.0 / 1159, within(0.01));
  }

  @Test
  void sharesNeverGrowDownTheRanking() {
    for (int size : new int[] {20, 100, 5_000, 1_000_000}) {
      WebDevicePopulation population = WebDevicePopulation.create(size, new SplittableRandom(2));
      double total = 0;
      for (int rank = 0; rank < size; rank++) {
        total += population.share(rank);
        if (rank > 0) {
          assertThat(population.share(rank))
              .as("share of rank %d of %d", rank, size)
              .isLessThanOrEqualTo(population.share(rank - 1) + 1e-15);
        }
      }
      assertThat(total).as("total share of %d", size).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void tailExponentKeepsTheHeadAtThreePercentForLargePopulations() {
    WebDevicePopulation thousands = WebDevicePopulation.create(5_000, new SplittableRandom(3));
    WebDevicePopulation million = WebDevicePopulation.create(1_000_000, new SplittableRandom(3));

    assertThat(thousands.tailExponent()).isBetween(0.5, 0.8);
    assertThat(million.tailExponent()).isBetween(0.8, 1.1);
    assertThat(million.share(0)).isCloseTo(0.03, within(0.002));
  }

  @Test
  void smallPopulationsGetAFlatTailAndAHeavierHead() {
    WebDevicePopulation population = WebDevicePopulation.create(100, new SplittableRandom(4));

    assertThat(population.tailExponent()).isZero();
    assertThat(population.share(0)).isGreaterThan(0.03);
    assertThat(population.share(20)).isCloseTo(population.share(99), within(1e-12));
  }

  @Test
  void devicesAreDistinctLanlNames() {
    WebDevicePopulation population = WebDevicePopulation.create(1_000_000, new SplittableRandom(5));

    BitSet seen = new BitSet(Devices.NAMED_BASE + 3);
    int ips = 0;
    for (int rank = 0; rank < population.size(); rank++) {
      int code = population.code(rank);
      assertThat(seen.get(code)).as("device %s twice", population.name(rank)).isFalse();
      seen.set(code);
      if (code >= Devices.IP_BASE && code < Devices.NAMED_BASE) {
        ips++;
      }
    }
    // One in five drawn as IP, more once the Comp names fill up and draws collide.
    assertThat(ips).isBetween(150_000, 350_000);
    for (int rank = 20; rank < 2_000; rank++) {
      assertThat(population.name(rank)).matches("Comp\\d{6}|IP\\d{6}");
    }
  }

  @Test
  void sameRandomSameDevices() {
    WebDevicePopulation a = WebDevicePopulation.create(5_000, new SplittableRandom(6));
    WebDevicePopulation b = WebDevicePopulation.create(5_000, new SplittableRandom(6));
    WebDevicePopulation c = WebDevicePopulation.create(5_000, new SplittableRandom(7));

    boolean differs = false;
    for (int rank = 0; rank < 5_000; rank++) {
      assertThat(a.code(rank)).isEqualTo(b.code(rank));
      differs |= a.code(rank) != c.code(rank);
    }
    assertThat(differs).isTrue();
  }

  @Test
  void drawsFollowTheShares() {
    WebDevicePopulation population = WebDevicePopulation.create(5_000, new SplittableRandom(8));
    SplittableRandom random = new SplittableRandom(9);
    int draws = 200_000;
    int[] hits = new int[population.size()];
    for (int i = 0; i < draws; i++) {
      hits[population.draw(random)]++;
    }

    assertThat((double) hits[0] / draws).isCloseTo(population.share(0), within(0.002));
    assertThat((double) hits[3] / draws).isCloseTo(population.share(3), within(0.001));
    int tail = 0;
    double tailShare = 0;
    for (int rank = 20; rank < hits.length; rank++) {
      tail += hits[rank];
      tailShare += population.share(rank);
    }
    assertThat(tailShare).isCloseTo(0.834, within(0.005));
    assertThat((double) tail / draws).isCloseTo(tailShare, within(0.005));
  }

  @Test
  void devicesFormatWithSixDigits() {
    assertThat(Devices.name(Devices.comp(97048))).isEqualTo("Comp097048");
    assertThat(Devices.name(Devices.ip(7))).isEqualTo("IP000007");
    assertThat(Devices.name(Devices.comp(999_999))).isEqualTo("Comp999999");
    assertThat(Devices.name(Devices.ACTIVE_DIRECTORY)).isEqualTo("ActiveDirectory");
    assertThat(Devices.name(Devices.VPN)).isEqualTo("VPN");
  }
}
