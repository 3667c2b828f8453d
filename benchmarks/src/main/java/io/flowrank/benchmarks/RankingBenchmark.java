package io.flowrank.benchmarks;

import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.LiveRanking;
import io.flowrank.core.ranking.TopN;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The top-N query with a million devices: the live ranking flowrank keeps per partition ({@code
 * top(20)}, and the cost of keeping it: {@code update}) against a full scan of every count (what
 * each {@code /api/top} cost before).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RankingBenchmark {

  private static final int DEVICES = 1_000_000;

  private final Map<String, Long> counts = new HashMap<>();
  private LiveRanking ranking;
  private String[] names;
  private SplittableRandom random;

  @Setup(Level.Trial)
  public void fill() {
    names = new String[DEVICES];
    random = new SplittableRandom(42);
    ranking = new LiveRanking(10_000);
    for (int i = 0; i < DEVICES; i++) {
      names[i] = String.format("Comp%07d", i);
      // Zipf-like: device i has about DEVICES / (i + 1) flows.
      long count = Math.max(1, DEVICES / (i + 1));
      counts.put(names[i], count);
      ranking.update(names[i], count);
    }
  }

  @Benchmark
  public List<DeviceCount> liveRankingTop20() {
    return ranking.top(20);
  }

  @Benchmark
  public List<DeviceCount> fullScanTop20() {
    return TopN.of(counts, 20);
  }

  /** One web flow counted: a device drawn Zipf-like gets one more flow. */
  @Benchmark
  public long liveRankingUpdate() {
    int device = (int) Math.min(DEVICES - 1, Math.floor(1 / Math.max(1e-6, random.nextDouble())) - 1);
    long count = counts.merge(names[device], 1L, Long::sum);
    ranking.update(names[device], count);
    return count;
  }
}
