package io.flowrank.streams.topology;

import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.time.Windowing;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueMapper;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole flowrank topology, pure (no I/O, no HTTP), built the same way for production and for
 * {@code TopologyTestDriver} (docs/design.md §3.3):
 *
 * <pre>
 * flows ─▶ classify every line of a frame (rules + flow-stats) ─┬─ web flows summed per dstdevice (and window), one batch per partition and frame
 *                                                              │    ─▶ its own partition's straight, the others' through the repartition
 *                                                              │    ─▶ count ─▶ webserver-counts (evidence)
 *                                                              │                       ├─▶ webserver-clients (device, client pairs)
 *                                                              │                       ├─▶ live rankings per partition and measure
 *                                                              │                       ├─▶ webserver-window-counts, -clients, -totals (per window)
 *                                                              │                       └─▶ webserver-announced ─▶ webserver-events
 *                                                              └─ each rejected line ─▶ flows-rejected (raw bytes, reason header)
 * </pre>
 *
 * <p>With windows off ({@code stream --window off}) the window stores, the announced store and the
 * events sink are not built at all.
 *
 * <p>A record of {@code flows} is a frame of one or more lines ({@code FlowFrame}). Filtering and
 * summing happen before the repartition, so only per-frame sums cross it, grouped by the partition
 * of their devices ({@link EvidenceBatch}, {@link DevicePartitioner}); the sums for the partition
 * with the frame's own number skip it (the classifier and the counter of a partition are one task,
 * one sub-topology, so a producer that sends each device's flows to its partition spares the
 * repartition all of them). The keys of {@code flows}
 * are ignored for counting, whatever they are. Every processor is named here, every store and
 * internal topic in {@link Names}; {@code WebServerTopologyTest} pins the names.
 */
public final class WebServerTopology {

  /**
   * The devices' evidence a counting task keeps in memory after a commit ({@link WriteBackStore}):
   * about as many as Kafka's record cache held of them before, in about as much heap.
   */
  static final int COUNTS_HELD = 25_000;

  private WebServerTopology() {}

  /** The topology with rankings nobody reads (tests of the counts alone). */
  public static Topology build(TopologySettings settings) {
    return build(settings, new Rankings());
  }

  /** The topology; its counters publish their partitions' rankings into {@code rankings}. */
  public static Topology build(TopologySettings settings, Rankings rankings) {
    FlowRules rules = new FlowRules(settings.webPorts());
    StreamsBuilder builder = new StreamsBuilder();
    // Held in memory as objects: a device's evidence is written to RocksDB and its changelog once
    // per commit, and serialised only then.
    builder.addStateStore(
        WriteBackStore.builder(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.COUNTS_STORE),
                Serdes.String(),
                EvidenceFormat.countsSerde()),
            COUNTS_HELD));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.CLIENTS_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            // Not cached: nearly every pair is new, and the record cache's sorted map cost more
            // than RocksDB's own look-up (measured); a pair's changelog record is written once.
            .withCachingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.STATS_STORE), Serdes.String(), Serdes.Long())
            // Cached: the figures change on every record, the changelog needs them once per commit.
            .withCachingEnabled());
    settings.windows().ifPresent(windowing -> addWindowStores(builder, windowing));

    KStream<String, LineOutcome> classified =
        builder.stream(
                Topics.FLOWS.name(),
                Consumed.with(Topics.FLOWS.keySerde(), Topics.FLOWS.valueSerde())
                    .withName("flows-source"))
            .process(
                () -> new FrameClassifier(rules, settings.countsPartitions(), settings.windows()),
                Named.as("classify"),
                Names.STATS_STORE);

    Map<String, KStream<String, LineOutcome>> routes =
        classified
            .split(Named.as("route-"))
            .branch(
                (dstdevice, outcome) ->
                    outcome instanceof LineOutcome.WebFlows webFlows && webFlows.here(),
                Branched.as("web-here"))
            .branch(
                (dstdevice, outcome) -> outcome instanceof LineOutcome.WebFlows, Branched.as("web"))
            .defaultBranch(Branched.as("rejected"));

    routes
        .get("route-rejected")
        .map(
            (noKey, outcome) -> {
              LineOutcome.Rejected rejected = (LineOutcome.Rejected) outcome;
              return KeyValue.pair(rejected.key(), rejected.line());
            },
            Named.as("rejected-raw"))
        .to(
            Topics.FLOWS_REJECTED.name(),
            Produced.with(Topics.FLOWS_REJECTED.keySerde(), Topics.FLOWS_REJECTED.valueSerde())
                .withName("rejected-sink"));

    // The batches of the frame's own partition go straight to the counter, the others through the
    // repartition: one task reads both a partition of flows and the same of the repartition.
    ValueMapper<LineOutcome, byte[]> batch = outcome -> ((LineOutcome.WebFlows) outcome).batch();
    KStream<String, byte[]> here =
        routes.get("route-web-here").mapValues(batch, Named.as("web-flow-batch-here"));
    KStream<String, byte[]> byDevice =
        routes
            .get("route-web")
            .mapValues(batch, Named.as("web-flow-batch"))
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                    .withName(Names.REPARTITION)
                    .withNumberOfPartitions(settings.countsPartitions())
                    .withStreamPartitioner(EvidenceBatch.partitioner()))
            .merge(here, Named.as("web-flow-batches"));
    if (settings.windows().isEmpty()) {
      byDevice.process(
          () -> new EvidenceCounter(rankings, Optional.empty(), settings.pairsInMemory()),
          Named.as("count-web-flows"),
          Names.COUNTS_STORE,
          Names.CLIENTS_STORE);
      return builder.build();
    }
    Windowing windowing = settings.windows().get();
    byDevice
        .process(
            () ->
                new EvidenceCounter(
                    rankings,
                    Optional.of(new WindowCounter(windowing, settings.serverRule(), rankings)),
                    settings.pairsInMemory()),
            Named.as("count-web-flows"),
            Names.COUNTS_STORE,
            Names.CLIENTS_STORE,
            Names.WINDOW_COUNTS_STORE,
            Names.WINDOW_CLIENTS_STORE,
            Names.WINDOW_TOTALS_STORE,
            Names.ANNOUNCED_STORE,
            Names.PENDING_EVENTS_STORE,
            Names.PROGRESS_STORE)
        .to(
            Topics.WEBSERVER_EVENTS.name(),
            Produced.with(Topics.WEBSERVER_EVENTS.keySerde(), Topics.WEBSERVER_EVENTS.valueSerde())
                .withName("events-sink"));
    return builder.build();
  }

  /**
   * The stores of the windows: timestamps, size and retention in seconds of data time ({@link
   * WindowCounter}); their changelogs keep a window as long as Kafka Streams would keep one of that
   * many milliseconds (its retention, plus a day), by the records' wall-clock timestamps.
   */
  private static void addWindowStores(StreamsBuilder builder, Windowing windowing) {
    Duration size = Duration.ofMillis(windowing.size());
    Duration retention = Duration.ofMillis(windowing.size() + windowing.retention());
    Map<String, String> changelog =
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG,
            Long.toString(
                Math.multiplyExact(windowing.size() + windowing.retention(), 1_000L)
                    + Duration.ofDays(1).toMillis()));
    builder.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.WINDOW_COUNTS_STORE, retention, size, false),
                Serdes.String(),
                EvidenceFormat.serde())
            .withCachingEnabled()
            .withLoggingEnabled(changelog));
    builder.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.WINDOW_CLIENTS_STORE, retention, size, false),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withCachingEnabled()
            .withLoggingEnabled(changelog));
    builder.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.WINDOW_TOTALS_STORE, retention, size, false),
                Serdes.String(),
                WindowTotal.serde())
            .withCachingEnabled()
            .withLoggingEnabled(changelog));
    addCachedKeyValueStore(
        builder, Names.ANNOUNCED_STORE, Serdes.String(), Topics.WEBSERVER_EVENTS.valueSerde());
    addCachedKeyValueStore(
        builder, Names.PENDING_EVENTS_STORE, Serdes.String(), Topics.WEBSERVER_EVENTS.valueSerde());
    addCachedKeyValueStore(builder, Names.PROGRESS_STORE, Serdes.Integer(), Serdes.Long());
  }

  /** A persistent key-value store, cached and changelogged. */
  private static <K, V> void addCachedKeyValueStore(
      StreamsBuilder builder, String name, Serde<K> keys, Serde<V> values) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
            .withCachingEnabled());
  }
}
