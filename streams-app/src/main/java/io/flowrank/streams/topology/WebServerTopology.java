package io.flowrank.streams.topology;

import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowRules;
import java.util.Map;
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
import org.apache.kafka.streams.state.Stores;

/**
 * The whole flowrank topology, pure (no I/O, no HTTP), built the same way for production and for
 * {@code TopologyTestDriver} (docs/design.md §3.3):
 *
 * <pre>
 * flows ─▶ classify every line of a frame (rules + flow-stats) ─┬─ web flows summed per dstdevice, one batch per partition and frame
 *                                                              │    ─▶ repartition ─▶ count ─▶ webserver-counts (evidence)
 *                                                              │                       ├─▶ webserver-clients (device, client pairs)
 *                                                              │                       └─▶ live rankings per partition and measure
 *                                                              └─ each rejected line ─▶ flows-rejected (raw bytes, reason header)
 * </pre>
 *
 * <p>A record of {@code flows} is a frame of one or more lines ({@code FlowFrame}). Filtering and
 * summing happen before the repartition, so only per-frame sums cross it, grouped by the partition
 * of their devices ({@link EvidenceBatch}, {@link DevicePartitioner}). The keys of {@code flows} are
 * ignored for counting, whatever they are. Every processor is named here, every store and internal
 * topic in {@link Names}; {@code WebServerTopologyTest} pins the names.
 */
public final class WebServerTopology {

  private WebServerTopology() {}

  /** The topology with rankings nobody reads (tests of the counts alone). */
  public static Topology build(TopologySettings settings) {
    return build(settings, new Rankings());
  }

  /** The topology; its counters publish their partitions' rankings into {@code rankings}. */
  public static Topology build(TopologySettings settings, Rankings rankings) {
    FlowRules rules = new FlowRules(settings.webPorts());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.COUNTS_STORE),
                Serdes.String(),
                EvidenceFormat.serde())
            // Cached: a device's evidence is written to RocksDB and its changelog once per commit.
            .withCachingEnabled());
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

    KStream<String, LineOutcome> classified =
        builder
            .stream(
                Topics.FLOWS.name(),
                Consumed.with(Topics.FLOWS.keySerde(), Topics.FLOWS.valueSerde())
                    .withName("flows-source"))
            .process(
                () -> new FrameClassifier(rules, settings.countsPartitions()),
                Named.as("classify"),
                Names.STATS_STORE);

    Map<String, KStream<String, LineOutcome>> routes =
        classified
            .split(Named.as("route-"))
            .branch((dstdevice, outcome) -> outcome instanceof LineOutcome.WebFlows, Branched.as("web"))
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

    routes
        .get("route-web")
        .mapValues(outcome -> ((LineOutcome.WebFlows) outcome).batch(), Named.as("web-flow-batch"))
        .repartition(
            Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                .withName(Names.REPARTITION)
                .withNumberOfPartitions(settings.countsPartitions())
                .withStreamPartitioner(DevicePartitioner.byDstdevice()))
        .process(
            () -> new EvidenceCounter(rankings),
            Named.as("count-web-flows"),
            Names.COUNTS_STORE,
            Names.CLIENTS_STORE);

    return builder.build();
  }
}
