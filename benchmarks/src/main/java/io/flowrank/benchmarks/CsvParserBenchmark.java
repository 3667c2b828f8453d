package io.flowrank.benchmarks;

import io.flowrank.core.rules.CsvFlowParser;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.rules.WebPorts;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CSV rules on raw LANL rows (format 3, {@link RulesBenchmark}): one web flow row, one other
 * flow row, and 10,000 LANL-like rows (about 20 % web flows), against the JSON rules on the same
 * flows written as {@code csvjson --stream} lines.
 *
 * <p>Abstract for the same reason as {@link ParserBenchmark}: the nested {@link Throughput} and
 * {@link AverageTime} subclasses each run every benchmark in one mode.
 */
public abstract class CsvParserBenchmark extends RulesBenchmark {

  private static final String[] OTHER_PORTS = {"53", "137", "138", "389", "445", "88", "123"};

  private final CsvFlowParser csv = new CsvFlowParser(WebPorts.DEFAULT);
  private final FlowLineParser json = new FlowLineParser(WebPorts.DEFAULT);
  private byte[][] jsonLines;

  @Setup
  public void generate() {
    SplittableRandom random = new SplittableRandom(42);
    byte[][] rows = new byte[MIX][];
    jsonLines = new byte[MIX][];
    for (int i = 0; i < MIX; i++) {
      boolean web = random.nextInt(5) == 0;
      String[] f = {
        Long.toString(172_800 + i / 3_000),
        Integer.toString(random.nextInt(10) < 6 ? 0 : random.nextInt(1, 3_600)),
        device(random),
        web && random.nextInt(10) < 3 ? "EnterpriseAppServer" : device(random),
        web ? "6" : "17",
        port(random),
        web
            ? (random.nextInt(10) < 7 ? "443" : "80")
            : random.nextBoolean() ? OTHER_PORTS[random.nextInt(OTHER_PORTS.length)] : port(random),
        Integer.toString(random.nextInt(1, 100)),
        Integer.toString(random.nextInt(1, 100)),
        Integer.toString(random.nextInt(40, 100_000)),
        Integer.toString(random.nextInt(40, 100_000)),
      };
      rows[i] = String.join(",", f).getBytes(StandardCharsets.US_ASCII);
      jsonLines[i] = csvjson(f).getBytes(StandardCharsets.US_ASCII);
      if (web && webFlow == null) {
        webFlow = rows[i];
      } else if (!web && otherFlow == null) {
        otherFlow = rows[i];
      }
    }
    mix = rows;
    System.out.printf(
        "%nweb flow:   %s%nother flow: %s%n",
        new String(webFlow, StandardCharsets.US_ASCII),
        new String(otherFlow, StandardCharsets.US_ASCII));
  }

  private static String device(SplittableRandom random) {
    return (random.nextBoolean() ? "Comp" : "IP") + random.nextInt(1_000_000);
  }

  private static String port(SplittableRandom random) {
    return "Port" + random.nextInt(10_000, 100_000);
  }

  private static String csvjson(String[] f) {
    String[] names = {
      "time", "duration", "srcdevice", "dstdevice", "protocol", "srcport", "dstport", "srcpackets",
      "dstpackets", "srcbytes", "dstbytes"
    };
    StringBuilder line = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      line.append(i == 0 ? "" : ", ").append('"').append(names[i]).append("\": \"").append(f[i]).append('"');
    }
    return line.append('}').toString();
  }

  @Override
  Verdict parse(byte[] row, int offset, int length) {
    return csv.parse(row, offset, length);
  }

  /** Baseline: the JSON rules on the same flows as {@code csvjson --stream} lines. */
  @Benchmark
  @OperationsPerInvocation(MIX)
  public void sameFlowsAsJsonLines(Blackhole sink) {
    for (byte[] line : jsonLines) {
      sink.consume(json.parse(line, 0, line.length));
    }
  }

  /** Operations per second. */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class Throughput extends CsvParserBenchmark {}

  /** Microseconds per operation. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class AverageTime extends CsvParserBenchmark {}
}
