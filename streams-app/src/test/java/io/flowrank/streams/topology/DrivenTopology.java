package io.flowrank.streams.topology;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.streams.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology ({@link WebServerTopology#build}) under {@link TopologyTestDriver} with
 * the production properties ({@link StreamsSettings#streamsProperties}), and what the tests send
 * and read: frames of {@code flows}, the stores, the rejected and repartition topics. The driver
 * runs every task as partition 0, so partition 0's rankings and stores hold every device.
 */
public final class DrivenTopology implements AutoCloseable {

  public static final String APPLICATION_ID = "topology-test";

  /** The partitions of {@code webserver-counts} the classifier groups each frame's devices by. */
  public static final int PARTITIONS = 4;

  private final TopologyTestDriver driver;
  private final Rankings rankings = new Rankings();
  private final TestInputTopic<byte[], byte[]> flows;
  private final TestOutputTopic<byte[], byte[]> rejected;
  private final TestOutputTopic<String, ServerEvent> events;

  private DrivenTopology(StreamsSettings settings) {
    this(settings, TopologySettings.DEFAULT_PAIRS_IN_MEMORY);
  }

  private DrivenTopology(StreamsSettings settings, int pairsInMemory) {
    driver =
        new TopologyTestDriver(
            WebServerTopology.build(
                settings.topologySettings(PARTITIONS).withPairsInMemory(pairsInMemory), rankings),
            settings.streamsProperties("127.0.0.1:0"));
    flows =
        driver.createInputTopic(
            Topics.FLOWS.name(),
            Topics.FLOWS.keySerde().serializer(),
            Topics.FLOWS.valueSerde().serializer());
    rejected =
        driver.createOutputTopic(
            Topics.FLOWS_REJECTED.name(),
            Topics.FLOWS_REJECTED.keySerde().deserializer(),
            Topics.FLOWS_REJECTED.valueSerde().deserializer());
    events =
        driver.createOutputTopic(
            Topics.WEBSERVER_EVENTS.name(),
            Topics.WEBSERVER_EVENTS.keySerde().deserializer(),
            Topics.WEBSERVER_EVENTS.valueSerde().deserializer());
  }

  public static DrivenTopology start(Path stateDir) {
    return start(stateDir, WebPorts.DEFAULT);
  }

  public static DrivenTopology start(Path stateDir, WebPorts ports) {
    return new DrivenTopology(settings(stateDir, ports));
  }

  /** The topology with these windows and events, the default ports. */
  public static DrivenTopology start(Path stateDir, TimeSettings time) {
    return new DrivenTopology(settings(stateDir, WebPorts.DEFAULT).withTime(time));
  }

  /**
   * The topology with these windows and events, keeping at most {@code pairsInMemory} (device,
   * client) pairs of a task in memory (past them, the pairs' store answers).
   */
  public static DrivenTopology start(Path stateDir, TimeSettings time, int pairsInMemory) {
    return new DrivenTopology(settings(stateDir, WebPorts.DEFAULT).withTime(time), pairsInMemory);
  }

  /**
   * The settings of {@code flowrank stream} for these tests: their application id, state dir,
   * ports.
   */
  public static StreamsSettings settings(Path stateDir, WebPorts ports) {
    return new StreamsSettings(
            "unused:9092",
            APPLICATION_ID,
            "127.0.0.1",
            0,
            Optional.empty(),
            ports,
            Optional.empty(),
            PARTITIONS,
            1,
            0,
            null,
            new Properties(),
            TimeSettings.DEFAULT)
        .withStateDir(stateDir);
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  /** The live rankings of the one partition the driver runs. */
  public Rankings rankings() {
    return rankings;
  }

  public TestInputTopic<byte[], byte[]> flows() {
    return flows;
  }

  public TestOutputTopic<byte[], byte[]> rejected() {
    return rejected;
  }

  /** One record of {@code flows} holding one line, without a key. */
  public void send(String line) {
    flows.pipeInput((byte[]) null, line.getBytes(StandardCharsets.UTF_8));
  }

  public void send(FlowLine flow) {
    send(flow.json());
  }

  /** One frame of JSON lines, keyed as the producer keys it. */
  public void sendFrame(String file, long firstLine, String... lines) {
    flows.pipeInput(
        FlowKey.encode(FlowKey.prefix(file), firstLine),
        String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  /** One frame of JSON lines. */
  public void sendFrame(List<FlowLine> lines) {
    sendFrame("frame.json", 1, lines.stream().map(FlowLine::json).toArray(String[]::new));
  }

  /** One frame of JSON lines stamped with the data-time watermark before its first line. */
  public void sendFrame(long watermark, List<FlowLine> lines) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(FlowHeaders.WATERMARK, FlowHeaders.decimal(watermark));
    flows.pipeInput(
        new TestRecord<>(
            FlowKey.encode(FlowKey.prefix("frame.json"), 1),
            lines.stream()
                .map(FlowLine::json)
                .collect(Collectors.joining("\n"))
                .getBytes(StandardCharsets.UTF_8),
            headers));
  }

  /** The repartition topic, to write its records directly (as a classifier would). */
  public TestInputTopic<String, byte[]> repartitionInput() {
    return driver.createInputTopic(
        Names.repartitionTopic(APPLICATION_ID),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
  }

  /** The producer's end of a replay: a record without lines, its watermark, the end header. */
  public void sendEnd(long watermark) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(FlowHeaders.WATERMARK, FlowHeaders.decimal(watermark));
    headers.add(FlowHeaders.END, "true".getBytes(StandardCharsets.US_ASCII));
    flows.pipeInput(new TestRecord<>(null, new byte[0], headers));
  }

  /** One frame of raw CSV rows, with the header that says so. */
  public void sendCsvFrame(String file, long firstLine, String... rows) {
    RecordHeaders csv = new RecordHeaders();
    csv.add(FlowHeaders.FORMAT, FlowHeaders.FORMAT_CSV.getBytes(StandardCharsets.US_ASCII));
    flows.pipeInput(
        new TestRecord<>(
            FlowKey.encode(FlowKey.prefix(file), firstLine),
            String.join("\n", rows).getBytes(StandardCharsets.UTF_8),
            csv));
  }

  /** Every device's evidence of all time, in {@code webserver-counts}. */
  public Map<String, Evidence> evidence() {
    Map<String, Evidence> evidence = new TreeMap<>();
    this.<DeviceCounts>all(Names.COUNTS_STORE)
        .forEach((device, counts) -> evidence.put(device, counts.allTime()));
    return evidence;
  }

  /** Every device's web flows in {@code webserver-counts}. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    evidence().forEach((device, evidence) -> counts.put(device, evidence.count()));
    return counts;
  }

  /**
   * Every device's evidence per window start: its earlier windows from {@code
   * webserver-window-counts}, its latest from {@code webserver-counts}.
   */
  public Map<Long, Map<String, Evidence>> windows() {
    WindowStore<String, Evidence> store = driver.getWindowStore(Names.WINDOW_COUNTS_STORE);
    Map<Long, Map<String, Evidence>> out = new TreeMap<>();
    try (var all = store.all()) {
      all.forEachRemaining(
          e ->
              out.computeIfAbsent(e.key.window().start(), s -> new TreeMap<>())
                  .put(e.key.key(), e.value));
    }
    this.<DeviceCounts>all(Names.COUNTS_STORE)
        .forEach(
            (device, counts) -> {
              if (counts.inWindow()) {
                Evidence twice =
                    out.computeIfAbsent(counts.latestWindow(), s -> new TreeMap<>())
                        .put(device, counts.latest());
                if (twice != null) {
                  throw new AssertionError(device + " in both stores for " + counts.latestWindow());
                }
              }
            });
    return out;
  }

  /** Partition 0's totals per window start, from {@code webserver-window-totals}. */
  public Map<Long, WindowTotal> windowTotals() {
    WindowStore<String, WindowTotal> store = driver.getWindowStore(Names.WINDOW_TOTALS_STORE);
    Map<Long, WindowTotal> out = new TreeMap<>();
    try (var all = store.all()) {
      all.forEachRemaining(e -> out.put(e.key.window().start(), e.value));
    }
    return out;
  }

  /** The records written to {@code webserver-events} since the last call, read_committed. */
  public List<ServerEvent> events() {
    return events.readValuesToList();
  }

  /** The devices waiting for their event, from {@code webserver-pending-events}. */
  public Map<String, ServerEvent> pending() {
    return all(Names.PENDING_EVENTS_STORE);
  }

  /** The devices announced, from {@code webserver-announced}. */
  public Map<String, ServerEvent> announced() {
    return all(Names.ANNOUNCED_STORE);
  }

  /** The figures of {@code flow-stats}. */
  public Map<String, Long> stats() {
    return all(Names.STATS_STORE);
  }

  /** The records written to the repartition topic since the last call. */
  public List<TestRecord<String, byte[]>> repartitioned() {
    return driver
        .createOutputTopic(
            Names.repartitionTopic(APPLICATION_ID),
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer())
        .readRecordsToList();
  }

  private <V> Map<String, V> all(String storeName) {
    KeyValueStore<String, V> store = driver.getKeyValueStore(storeName);
    Map<String, V> out = new TreeMap<>();
    try (var all = store.all()) {
      all.forEachRemaining(e -> out.put(e.key, e.value));
    }
    return out;
  }

  @Override
  public void close() {
    driver.close();
  }
}
