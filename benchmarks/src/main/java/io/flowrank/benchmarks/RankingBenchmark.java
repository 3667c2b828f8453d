package io.flowrank.benchmarks;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.DeviceRankings;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.ranking.TopN;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The top-N query with a million devices: the live rankings flowrank keeps per partition, one per
 * measure ({@code top(20)} by count and by clients, and the cost of keeping all five: {@code
 * update}, which prints its thread CPU time per update too) against a full scan of every count
 * (what each {@code /api/top} cost before rankings).
 *
 * <p>Abstract: JMH sets one time unit per method, so the nested {@link Throughput} (ops/s) and
 * {@link AverageTime} (µs/op) subclasses each run every benchmark in one mode.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class RankingBenchmark {

  private static final int DEVICES = 1_000_000;
  private static final int CAPACITY = 10_000;
  // Pre-drawn update stream, cycled: long enough that the ranking keeps changing, and the draw
  // (a binary search) stays out of the measured update.
  private static final int STREAM = 1 << 22;

  private final Map<String, Long> countsByName = new HashMap<>();
  private final long[] counts = new long[DEVICES];
  private final String[] names = new String[DEVICES];
  private final int[] stream = new int[STREAM];
  private final Evidence[] evidence = new Evidence[DEVICES];
  private DeviceRankings ranking;
  private int next;
  private final ThreadCpu cpu = new ThreadCpu();
  private long updates;

  @Setup(Level.Trial)
  public void fill() {
    ranking = new DeviceRankings(CAPACITY);
    for (int i = 0; i < DEVICES; i++) {
      names[i] = String.format("Comp%07d", i);
      // Zipf-like counts: device i has about DEVICES / (i + 1) flows.
      counts[i] = Math.max(1, DEVICES / (i + 1));
      countsByName.put(names[i], counts[i]);
      evidence[i] = evidence(counts[i]);
      ranking.put(names[i], evidence[i], Evidence.NONE);
    }
    // Zipf (exponent 1) over the devices: P(device i) is proportional to 1 / (i + 1), so about
    // two thirds of the updates hit a ranked device and the rest the long tail.
    double[] cumulative = new double[DEVICES];
    double sum = 0;
    for (int i = 0; i < DEVICES; i++) {
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int j = 0; j < STREAM; j++) {
      int at = Arrays.binarySearch(cumulative, random.nextDouble(sum));
      stream[j] = Math.min(DEVICES - 1, at >= 0 ? at : -at - 1);
    }
  }

  /** Evidence that grows with the count: answered 4 in 5, a new client 1 in 3. */
  private static Evidence evidence(long count) {
    return new Evidence(
        count,
        count * 4 / 5,
        count / 3 + 1,
        Total.of(count * 900),
        Total.of(count * 300),
        PortCounts.NONE.plus(443, count),
        172_800,
        172_800 + count);
  }

  @Benchmark
  public List<RankedEvidence> liveRankingTop20() {
    return ranking.by(Measure.COUNT).top(20);
  }

  @Benchmark
  public List<RankedEvidence> liveRankingTop20ByClients() {
    return ranking.by(Measure.CLIENTS).top(20);
  }

  @Benchmark
  public List<DeviceCount> fullScanTop20() {
    return TopN.of(countsByName, 20);
  }

  /** One web flow counted: a device drawn from the Zipf stream gets one more, in every ranking. */
  @Benchmark
  public long liveRankingUpdate() {
    int device = stream[next];
    next = (next + 1) & (STREAM - 1);
    long count = ++counts[device];
    Evidence before = evidence[device];
    Evidence now = evidence(count);
    evidence[device] = now;
    ranking.put(names[device], now, before);
    updates++;
    return count;
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    updates = 0;
    cpu.start();
  }

  /** The updates' thread CPU time (a query iteration makes none). */
  @TearDown(Level.Iteration)
  public void endIteration() {
    if (updates > 0) {
      cpu.print(updates, "update");
    }
  }

  /** Operations per second. */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class Throughput extends RankingBenchmark {}

  /** Microseconds per operation. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class AverageTime extends RankingBenchmark {}
}
