package io.flowrank.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeasureRankingTest {

  /** Evidence whose measures grow at their own pace from a device's flows. */
  static Evidence grow(Evidence e, Random random) {
    boolean answered = random.nextInt(3) > 0;
    boolean newClient = random.nextInt(4) == 0;
    long bytes = random.nextInt(5_000);
    return new Evidence(
        e.count() + 1,
        e.answered() + (answered ? 1 : 0),
        e.clients() + (newClient ? 1 : 0),
        e.bytesOut().plus(answered ? bytes : 0),
        e.bytesIn().plus(random.nextInt(300)),
        PortCounts.NONE,
        Evidence.NO_TIME,
        Evidence.NO_TIME);
  }

  private static List<RankedEvidence> fullSort(Map<String, Evidence> all, Measure measure, int n) {
    List<RankedEvidence> sorted = new ArrayList<>();
    all.forEach((device, evidence) -> sorted.add(new RankedEvidence(device, evidence)));
    sorted.sort(RankedEvidence.order(measure));
    return sorted.subList(0, Math.min(n, sorted.size()));
  }

  @Test
  void everyMeasuresRankingEqualsAFullSortForAnyUpdateSequence() {
    for (Measure measure : Measure.values()) {
      Random random = new Random(measure.ordinal());
      Map<String, Evidence> all = new HashMap<>();
      MeasureRanking ranking = new MeasureRanking(measure, 30, 8);
      BigInteger total = BigInteger.ZERO;
      for (int i = 0; i < 60_000; i++) {
        // Zipf-like: a few devices get most of the updates, many get one or two.
        String device = "d" + (int) Math.pow(random.nextInt(2000) + 1, 1.3);
        Evidence before = all.getOrDefault(device, Evidence.NONE);
        Evidence now = grow(before, random);
        all.put(device, now);
        ranking.put(device, now, before);
        total = total.add(measure.total(now).toBigInteger()).subtract(measure.total(before).toBigInteger());
        if (i % 6_000 == 0) {
          int n = 1 + random.nextInt(30);
          assertThat(ranking.top(n)).as("%s top %d", measure, n).isEqualTo(fullSort(all, measure, n));
        }
      }
      assertThat(ranking.top(30)).as("%s", measure).isEqualTo(fullSort(all, measure, 30));
      assertThat(ranking.top(8)).as("%s leaders", measure).isEqualTo(fullSort(all, measure, 8));
      assertThat(ranking.top(9)).as("%s one past the leaders", measure).isEqualTo(fullSort(all, measure, 9));
      assertThat(ranking.total().toBigInteger()).as("%s total", measure).isEqualTo(total);
    }
  }

  @Test
  void byteTotalsPassTwoToThe64Exactly() {
    for (Measure measure : List.of(Measure.BYTES_OUT, Measure.BYTES_IN)) {
      MeasureRanking ranking = new MeasureRanking(measure, 30, 8);
      Map<String, Evidence> all = new HashMap<>();
      BigInteger expected = BigInteger.ZERO;
      for (int i = 0; i < 40; i++) {
        String device = "d" + (i % 3);
        Evidence before = all.getOrDefault(device, Evidence.NONE);
        // Each update adds just under 2^63 or a little: low halves wrap both ways.
        long added = i % 2 == 0 ? Long.MAX_VALUE - i : 1_000 + i;
        Evidence now =
            new Evidence(
                before.count() + 1,
                before.answered(),
                before.clients(),
                before.bytesOut().plus(added),
                before.bytesIn().plus(added),
                PortCounts.NONE,
                Evidence.NO_TIME,
                Evidence.NO_TIME);
        all.put(device, now);
        ranking.put(device, now, before);
        expected = expected.add(BigInteger.valueOf(added));
        assertThat(ranking.total().toBigInteger()).as("%s after %d", measure, i).isEqualTo(expected);
      }
      assertThat(expected.bitLength()).isGreaterThan(64);
    }
  }

  @Test
  void keepsTheEvidenceOfItsDevicesAndTiesByName() {
    MeasureRanking ranking = new MeasureRanking(Measure.ANSWERED, 2);
    Evidence two = new Evidence(5, 2, 1, Total.ZERO, Total.ZERO, PortCounts.NONE, 1, 2);
    ranking.put("b", two, Evidence.NONE);
    ranking.put("a", two, Evidence.NONE);
    ranking.put("c", two, Evidence.NONE);
    assertThat(ranking.top(5))
        .containsExactly(new RankedEvidence("a", two), new RankedEvidence("b", two));
    assertThat(ranking.evidenceOf("a")).contains(two);
    assertThat(ranking.total().toBigInteger()).isEqualTo(BigInteger.valueOf(6));
  }

  @Test
  void countsTheDevicesAboveAProbeWhileItRanksAboveTheBar() {
    Random random = new Random(11);
    Map<String, Evidence> all = new HashMap<>();
    MeasureRanking ranking = new MeasureRanking(Measure.CLIENTS, 20);
    int answered = 0;
    for (int i = 0; i < 30_000; i++) {
      String device = "d" + (int) Math.pow(random.nextInt(500) + 1, 1.3);
      Evidence before = all.getOrDefault(device, Evidence.NONE);
      Evidence now = grow(before, random);
      all.put(device, now);
      ranking.put(device, now, before);
      if (i % 997 == 0) {
        String probe = "d" + (int) Math.pow(random.nextInt(500) + 1, 1.3);
        long score = all.getOrDefault(probe, Evidence.NONE).clients();
        long expected =
            all.entrySet().stream()
                .filter(e -> e.getValue().clients() > score
                    || (e.getValue().clients() == score && e.getKey().compareTo(probe) < 0))
                .count();
        var above = ranking.countAbove(probe, score);
        if (above.isPresent()) {
          assertThat(above.getAsLong()).isEqualTo(expected);
          answered++;
        } else {
          assertThat(expected).isGreaterThanOrEqualTo(20);
        }
      }
    }
    assertThat(answered).isPositive();
  }
}
