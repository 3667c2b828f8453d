package io.flowrank.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.evidence.Total;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rankings of all measures share one entry per device: each must still answer as if it were
 * alone, i.e. as a full sort of every device by its measure.
 */
class DeviceRankingsTest {

  private static final int CAPACITY = 30;
  private static final int LEADERS = 8;

  /**
   * Evidence whose measures grow at their own pace, so the rankings differ: a seventh of the
   * devices (by name) are rarely answered, and now and then a flow is huge, so some devices' bytes
   * pass 2^63 (they rank as equal, then by name).
   */
  private static Evidence grow(String device, Evidence e, Random random) {
    boolean scanned = device.hashCode() % 7 == 0;
    boolean answered = scanned ? random.nextInt(10) == 0 : random.nextInt(3) > 0;
    long bytes = random.nextInt(2_000) == 0 ? Long.MAX_VALUE / 2 : random.nextInt(5_000);
    Tally flow = new Tally();
    flow.addSums(
        1, answered ? 1 : 0, Total.of(answered ? bytes : 0), Total.of(random.nextInt(300)));
    return e.plus(flow, random.nextInt(device.length() + 1) == 0 ? 1 : 0);
  }

  private static List<RankedEvidence> fullSort(Map<String, Evidence> all, Measure measure) {
    List<RankedEvidence> sorted = new ArrayList<>();
    all.forEach((device, evidence) -> sorted.add(new RankedEvidence(device, evidence)));
    sorted.sort(RankedEvidence.order(measure));
    return sorted;
  }

  private static String device(Random random) {
    // Skewed: a fifth of the updates go to 30 devices, the rest spread over 3,000.
    double u = random.nextDouble();
    return "d" + (int) (3_000 * u * u * u);
  }

  @Test
  void everyMeasureAnswersAsAFullSortWhileTheyShareTheirDevices() {
    Random random = new Random(19);
    Map<String, Evidence> all = new HashMap<>();
    Map<String, Integer> stored = new HashMap<>();
    DeviceRankings rankings = new DeviceRankings(CAPACITY, LEADERS);
    Map<Measure, BigInteger> totals = new EnumMap<>(Measure.class);
    int countedAbove = 0;
    for (int i = 1; i <= 100_000; i++) {
      String device = device(random);
      Evidence before = all.getOrDefault(device, Evidence.NONE);
      Evidence now = grow(device, before, random);
      all.put(device, now);
      stored.put(device, i);
      rankings.put(device, now, before, i);
      for (Measure measure : Measure.values()) {
        totals.merge(
            measure,
            measure.total(now).toBigInteger().subtract(measure.total(before).toBigInteger()),
            BigInteger::add);
      }
      if (i % 5_000 != 0) {
        continue;
      }
      for (Measure measure : Measure.values()) {
        List<RankedEvidence> sorted = fullSort(all, measure);
        MeasureRanking ranking = rankings.by(measure);
        for (int n : new int[] {1, LEADERS, LEADERS + 1, 1 + random.nextInt(CAPACITY), CAPACITY}) {
          assertThat(ranking.top(n))
              .as("%s top %d at %d", measure, n, i)
              .isEqualTo(sorted.subList(0, n));
        }
        assertThat(ranking.total().toBigInteger())
            .as("%s total", measure)
            .isEqualTo(totals.get(measure));
        for (int rank = 0; rank < CAPACITY; rank++) {
          String kept = sorted.get(rank).dstdevice();
          assertThat(ranking.evidenceOf(kept)).contains(all.get(kept));
          assertThat(rankings.evidenceOf(kept)).contains(all.get(kept));
          assertThat(rankings.storedOf(kept)).isEqualTo(stored.get(kept));
        }
        // Half the probes rank near the top, where the ranking answers alone.
        String probe =
            random.nextBoolean()
                ? sorted.get(random.nextInt(2 * CAPACITY)).dstdevice()
                : device(random);
        long score = measure.score(all.getOrDefault(probe, Evidence.NONE));
        OptionalLong above = ranking.countAbove(probe, score);
        long expected =
            sorted.stream()
                .filter(
                    other -> {
                      long otherScore = measure.score(other.evidence());
                      return otherScore > score
                          || (otherScore == score && other.dstdevice().compareTo(probe) < 0);
                    })
                .count();
        if (above.isPresent()) {
          assertThat(above.getAsLong()).as("%s above %s", measure, probe).isEqualTo(expected);
          countedAbove++;
        } else {
          assertThat(expected).isGreaterThanOrEqualTo(CAPACITY);
        }
      }
      assertThat(rankings.webFlows()).isEqualTo(totals.get(Measure.COUNT).longValueExact());
    }
    assertThat(countedAbove).isPositive();
    assertThat(all.values()).anyMatch(e -> e.bytesOut().saturated() == Long.MAX_VALUE);
    // The rankings differ, or sharing entries would not have been tested.
    assertThat(rankings.by(Measure.ANSWERED).top(CAPACITY))
        .isNotEqualTo(rankings.by(Measure.COUNT).top(CAPACITY));
  }

  @Test
  void aDeviceNoRankingKeepsIsForgottenWithWhatItsWriterStored() {
    DeviceRankings rankings = new DeviceRankings(1, 1);
    Evidence small = new Evidence(1, 0, 1, Total.ZERO, Total.ZERO, PortCounts.NONE, 1, 1);
    Evidence big = new Evidence(9, 9, 9, Total.of(9), Total.of(9), PortCounts.NONE, 1, 1);
    rankings.put("small", small, Evidence.NONE, "small's value");
    assertThat(rankings.storedOf("small")).isEqualTo("small's value");
    // Two kept by every ranking of capacity 1: each prunes "small", and no ranking keeps it.
    rankings.put("big", big, Evidence.NONE, "big's value");
    assertThat(rankings.storedOf("small")).isNull();
    assertThat(rankings.evidenceOf("small")).isEmpty();
    assertThat(rankings.storedOf("big")).isEqualTo("big's value");
    // Below every bar now: not kept again.
    rankings.put("small", small, Evidence.NONE, "small's value");
    assertThat(rankings.storedOf("small")).isNull();
    assertThat(rankings.webFlows()).isEqualTo(11);
  }
}
