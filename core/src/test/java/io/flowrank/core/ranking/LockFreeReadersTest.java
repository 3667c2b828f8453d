package io.flowrank.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.Total;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Readers that take no lock ({@link MeasureRanking#top(int)} up to the leaders, {@link
 * MeasureRanking#total()}) while one writer updates: what they see is always whole, and the same
 * as the locked answer once the writer stops.
 */
class LockFreeReadersTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void aTopReadWhileTheWriterRunsIsSortedWholeAndNeverBehindItsLastRead() throws Exception {
    DeviceRankings rankings = new DeviceRankings(50, 16);
    Map<String, Evidence> all = new HashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    // The readers first, so they read from the writer's first update on.
    List<Future<Integer>> readers = new ArrayList<>();
    for (Measure measure : List.of(Measure.COUNT, Measure.BYTES_OUT)) {
      readers.add(threads.submit(() -> readWhile(writing, rankings.by(measure))));
    }
    Future<?> writer =
        threads.submit(
            () -> {
              Random random = new Random(5);
              for (int i = 0; i < 400_000; i++) {
                // Zipf-like: leaders change places often, and newcomers overtake the weakest.
                String device = "d" + (int) Math.pow(random.nextInt(3_000) + 1, 1.3);
                Evidence before = all.getOrDefault(device, Evidence.NONE);
                Evidence now = MeasureRankingTest.grow(before, random);
                all.put(device, now);
                rankings.put(device, now, before);
              }
              writing.set(false);
            });
    writer.get(2, TimeUnit.MINUTES);
    for (Future<Integer> reader : readers) {
      assertThat(reader.get(1, TimeUnit.MINUTES)).as("reads while the writer ran").isPositive();
    }

    for (Measure measure : Measure.values()) {
      List<RankedEvidence> expected = new ArrayList<>();
      all.forEach((device, evidence) -> expected.add(new RankedEvidence(device, evidence)));
      expected.sort(RankedEvidence.order(measure));
      assertThat(rankings.by(measure).top(16)).as("%s", measure).isEqualTo(expected.subList(0, 16));
      assertThat(rankings.by(measure).top(17)).as("%s", measure).isEqualTo(expected.subList(0, 17));
    }
  }

  /** Reads the top 16 until the writer stops; returns how many reads it made. */
  private static int readWhile(AtomicBoolean writing, MeasureRanking ranking) {
    Map<String, Long> lastCount = new HashMap<>();
    int reads = 0;
    while (writing.get()) {
      List<RankedEvidence> top = ranking.top(16);
      Total total = ranking.total();
      Set<String> seen = new HashSet<>();
      long listed = 0;
      for (int i = 0; i < top.size(); i++) {
        RankedEvidence device = top.get(i);
        assertThat(device.evidence()).as("evidence of %s", device.dstdevice()).isNotNull();
        assertThat(seen.add(device.dstdevice())).as("%s listed once", device.dstdevice()).isTrue();
        if (i > 0) {
          assertThat(RankedEvidence.order(ranking.measure()).compare(top.get(i - 1), device))
              .as("sorted")
              .isNegative();
        }
        long count = device.evidence().count();
        assertThat(count).as("%s never goes back", device.dstdevice())
            .isGreaterThanOrEqualTo(lastCount.getOrDefault(device.dstdevice(), 0L));
        lastCount.put(device.dstdevice(), count);
        listed += ranking.measure().score(device.evidence());
      }
      // Read after the devices, so the shares of the listed ones never add up past 1.
      assertThat(total.toBigInteger()).isGreaterThanOrEqualTo(BigInteger.valueOf(listed));
      reads++;
    }
    return reads;
  }

  @Test
  void aTotalReadWhileItsHighHalfMovesIsNeverTorn() throws Exception {
    RunningTotal total = new RunningTotal();
    int adds = 2_000_000;
    // 2^62 + 1 each: the low half wraps every fourth add, so the high half moves often.
    long each = (1L << 62) + 1;
    AtomicBoolean writing = new AtomicBoolean(true);
    Future<Integer> reader =
        threads.submit(
            () -> {
              BigInteger step = BigInteger.valueOf(each);
              BigInteger last = BigInteger.ZERO;
              int reads = 0;
              while (writing.get()) {
                BigInteger now = total.read().toBigInteger();
                // A torn read would be off by 2^64 either way: not a whole number of adds, or back.
                assertThat(now.mod(step)).as("a whole number of adds: %s", now).isZero();
                assertThat(now).isGreaterThanOrEqualTo(last);
                last = now;
                reads++;
              }
              return reads;
            });
    Future<?> writer =
        threads.submit(
            () -> {
              for (int i = 0; i < adds; i++) {
                total.add(each);
              }
              writing.set(false);
            });
    writer.get(1, TimeUnit.MINUTES);
    assertThat(reader.get(1, TimeUnit.MINUTES)).isPositive();
    assertThat(total.read().toBigInteger())
        .isEqualTo(BigInteger.valueOf(each).multiply(BigInteger.valueOf(adds)));
  }
}
