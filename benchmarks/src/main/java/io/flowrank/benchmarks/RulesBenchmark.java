package io.flowrank.benchmarks;

import io.flowrank.core.rules.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the parser benchmarks measure alike, with the same JMH settings: the rules on one web flow,
 * on one other flow, and on each of {@link #MIX} generated lines. A subclass makes the lines in its
 * {@code @Setup} and says which rules judge them ({@link #parse}); JMH runs these benchmarks under
 * each concrete subclass's name ({@code ParserBenchmark.AverageTime.webFlowLine}). In a fork only
 * one subclass is loaded, so {@code parse} is inlined as a direct call would be.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class RulesBenchmark {

  static final int MIX = 10_000;

  /** The lines measured, set by the subclass's setup. */
  byte[] webFlow;

  byte[] otherFlow;
  byte[][] mix;

  /** The verdict of the rules under test on {@code length} bytes of {@code line}. */
  abstract Verdict parse(byte[] line, int offset, int length);

  @Benchmark
  public Verdict webFlowLine() {
    return parse(webFlow, 0, webFlow.length);
  }

  @Benchmark
  public Verdict otherFlowLine() {
    return parse(otherFlow, 0, otherFlow.length);
  }

  @Benchmark
  @OperationsPerInvocation(MIX)
  public void generatedLines(Blackhole sink) {
    for (byte[] line : mix) {
      sink.consume(parse(line, 0, line.length));
    }
  }
}
