package io.flowrank.benchmarks;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.WindowClock;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the data-time watermark costs the producer per line (docs/design.md, "Time"): before
 * windows it looked at a line only to skip a blank one; now it also judges it with the core rules
 * (the web-flow verdict and its {@code time}) and moves the watermark. Both over the same 10,000
 * generated lines (about 20 % web flows), in nanoseconds per line.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WatermarkBenchmark {

  private static final int LINES = 10_000;

  private final FlowRules rules = new FlowRules(WebPorts.DEFAULT);
  private final FlowFields fields = new FlowFields();
  private byte[][] lines;
  private long watermark;

  @Setup
  public void generate() throws IOException {
    lines = GeneratedLines.of(1, LINES).toArray(byte[][]::new);
  }

  /** What the producer did with a line before windows: is it blank? */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public int blankCheckOnly() {
    int blank = 0;
    for (byte[] line : lines) {
      if (FlowLineParser.isBlank(line, 0, line.length)) {
        blank++;
      }
    }
    return blank;
  }

  /** What it does now: the blank check, then the verdict and the watermark. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public long judgeAndMoveTheWatermark() {
    for (byte[] line : lines) {
      if (!FlowLineParser.isBlank(line, 0, line.length)
          && rules.judge(InputFormat.JSON_LINES, line, 0, line.length, fields).isWebFlow()) {
        watermark = WindowClock.advance(watermark, fields);
      }
    }
    return watermark;
  }
}
