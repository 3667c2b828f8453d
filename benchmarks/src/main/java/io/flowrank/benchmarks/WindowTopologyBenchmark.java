package io.flowrank.benchmarks;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.WindowClock;
import io.flowrank.streams.StreamsSettings;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.WebServerTopology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The streams app's processing with windows and events on ({@code --window 1h}, the default) and
 * off, Kafka aside: the production topology and properties under {@code TopologyTestDriver}, with
 * RocksDB stores and their caches, fed 200,000 generated lines in frames of 1,000 stamped with the
 * watermark as the producer stamps them. Each iteration starts from empty stores and counts every
 * frame once; the score is the time of one pass (divide by 200,000 for a line).
 *
 * <p>{@code countEveryBatch} is the counting half alone: the records the classifier sent to the
 * repartition topic in one such pass (a frame's sums per device of a partition), captured once,
 * piped into it again: the per-update work of the counter, the windows and the rankings, with far
 * less of the test driver's own per-record work around it.
 *
 * <p>Each pass also prints the benchmark thread's CPU time per line ({@code thread CPU ... ns per
 * line}), which {@code TopologyTestDriver} spends on that thread alone: on a shared machine it
 * moves far less than the wall time, so compare those lines (their median) between builds.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WindowTopologyBenchmark {

  private static final int FILES = 20;
  private static final int LINES_PER_FILE = 10_000;
  private static final int LINES_PER_FRAME = 1_000;
  private static final String APPLICATION_ID = "window-benchmark";

  /** {@code 1h}: windows and events, as {@code flowrank stream} by default; {@code off}: none. */
  @Param({"1h", "off"})
  public String window;

  private final List<TestRecord<byte[], byte[]>> frames = new ArrayList<>();
  private List<TestRecord<byte[], byte[]>> batches;
  private Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> flows;
  private TestInputTopic<byte[], byte[]> repartition;
  private final ThreadCpu cpu = new ThreadCpu();

  @Setup(Level.Trial)
  public void frames() throws IOException {
    FlowRules rules = new FlowRules(WebPorts.DEFAULT);
    FlowFields fields = new FlowFields();
    long watermark = 0;
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    int lines = 0;
    long stamp = 0;
    // Frames of consecutive lines, as the producer packs them (files one after the other here).
    for (byte[] line : GeneratedLines.of(FILES, LINES_PER_FILE)) {
      if (lines > 0) {
        frame.write('\n');
      } else {
        stamp = watermark;
      }
      frame.write(line);
      if (rules.judge(InputFormat.JSON_LINES, line, 0, line.length, fields).isWebFlow()) {
        watermark = WindowClock.advance(watermark, fields);
      }
      if (++lines == LINES_PER_FRAME) {
        frames.add(frame(frame, stamp));
        frame.reset();
        lines = 0;
      }
    }
    if (lines > 0) {
      frames.add(frame(frame, stamp));
    }
    start();
    countEveryFrame();
    batches =
        driver
            .createOutputTopic(
                Names.repartitionTopic(APPLICATION_ID),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())
            .readRecordsToList();
    stop();
  }

  private static TestRecord<byte[], byte[]> frame(ByteArrayOutputStream lines, long watermark) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(FlowHeaders.WATERMARK, FlowHeaders.decimal(watermark));
    return new TestRecord<>(null, lines.toByteArray(), headers);
  }

  @Setup(Level.Iteration)
  public void start() throws IOException {
    stateDir = Files.createTempDirectory("flowrank-window-benchmark-state");
    TimeSettings time = window.equals("off") ? TimeSettings.OFF : TimeSettings.DEFAULT;
    StreamsSettings settings =
        StreamsSettings.defaults("unused:9092")
            .withApplicationId(APPLICATION_ID)
            .withStateDir(stateDir)
            .withTime(time);
    driver =
        new TopologyTestDriver(
            WebServerTopology.build(settings.topologySettings(4)),
            settings.streamsProperties("127.0.0.1:0"));
    flows =
        driver.createInputTopic(
            Topics.FLOWS.name(),
            Topics.FLOWS.keySerde().serializer(),
            Topics.FLOWS.valueSerde().serializer());
    repartition =
        driver.createInputTopic(
            Names.repartitionTopic(APPLICATION_ID),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    cpu.start();
  }

  @Benchmark
  public void countEveryFrame() {
    for (TestRecord<byte[], byte[]> frame : frames) {
      flows.pipeInput(frame);
    }
  }

  @Benchmark
  public void countEveryBatch() {
    for (TestRecord<byte[], byte[]> batch : batches) {
      repartition.pipeInput(batch);
    }
  }

  @TearDown(Level.Iteration)
  public void stop() throws IOException {
    cpu.print(FILES * LINES_PER_FILE, "line");
    driver.close();
    GeneratedLines.delete(stateDir);
  }
}
