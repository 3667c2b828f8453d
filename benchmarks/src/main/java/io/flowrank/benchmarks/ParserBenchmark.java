package io.flowrank.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.rules.WebPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The flow parser on LANL-format lines ({@link RulesBenchmark}): one web flow, one other flow, and
 * 10,000 generated lines (about 20 % web flows, one corrupt line in a thousand), against a plain
 * Jackson streaming scan of the same bytes (what any generic JSON reading costs).
 *
 * <p>Abstract: JMH sets one time unit per method, so the nested {@link Throughput} (ops/s) and
 * {@link AverageTime} (µs/op) subclasses each run every benchmark in one mode.
 */
public abstract class ParserBenchmark extends RulesBenchmark {

  private final FlowLineParser parser = new FlowLineParser(WebPorts.DEFAULT);
  private final JsonFactory jackson = new JsonFactory();

  @Setup
  public void generate() throws IOException {
    // One file: the echoed csvjson header line (counted in rowsPerFile), then MIX lines.
    List<byte[]> lines = GeneratedLines.of(1, MIX + 1);
    // The last MIX lines, so @OperationsPerInvocation(MIX) is exactly one operation per line.
    mix = lines.subList(lines.size() - MIX, lines.size()).toArray(new byte[0][]);
    int web = 0;
    int rejected = 0;
    for (byte[] line : mix) {
      Verdict verdict = parser.parse(line, 0, line.length);
      if (verdict.isWebFlow()) {
        web++;
        webFlow = webFlow == null ? line : webFlow;
      } else if (verdict.isRejected()) {
        rejected++;
      } else {
        otherFlow = otherFlow == null ? line : otherFlow;
      }
    }
    System.out.printf(
        "%n%,d generated lines: %,d web flows, %,d rejected%nweb flow:   %s%nother flow: %s%n",
        mix.length,
        web,
        rejected,
        new String(webFlow, StandardCharsets.UTF_8),
        new String(otherFlow, StandardCharsets.UTF_8));
  }

  @Override
  Verdict parse(byte[] line, int offset, int length) {
    return parser.parse(line, offset, length);
  }

  /** Baseline: every token of every line through Jackson's streaming parser, nothing decoded. */
  @Benchmark
  @OperationsPerInvocation(MIX)
  public void generatedLinesJacksonTokens(Blackhole sink) throws IOException {
    for (byte[] line : mix) {
      try (JsonParser json = jackson.createParser(line)) {
        JsonToken token;
        while ((token = json.nextToken()) != null) {
          sink.consume(token);
        }
      } catch (IOException corrupt) {
        sink.consume(corrupt);
      }
    }
  }

  /** Operations per second. */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class Throughput extends ParserBenchmark {}

  /** Microseconds per operation. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class AverageTime extends ParserBenchmark {}
}
