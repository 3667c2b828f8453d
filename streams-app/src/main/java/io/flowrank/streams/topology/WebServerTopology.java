package io.flowrank.streams.topology;

import io.flowrank.core.kafka.Topics;
import io.flowrank.core.rules.FlowLineParser;
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
 * {@code TopologyTestDriver}:
 *
 * <pre>
 * flows ─▶ classify (rules + flow-stats) ─┬─ web flow ─▶ key by dstdevice ─▶ repartition ─▶ count ─▶ webserver-counts
 *                                         │                                                  └─▶ live ranking per partition
 *                                         └─ rejected ─▶ flows-rejected (raw bytes, reason header)
 * </pre>
 *
 * <p>Filtering happens before the repartition, so only web flows (key = dstdevice, no value) cross
 * it. The keys of {@code flows} are ignored for counting, whatever they are. Every processor, store
 * and internal topic is named here; {@code WebServerTopologyTest} pins the names. The counter keeps
 * a {@link Rankings ranking} of each partition it counts, for the top-N queries.
 */
public final class WebServerTopology {

  /** String dstdevice → Long count of web flows. */
  public static final String COUNTS_STORE = "webserver-counts";

  /** Per task: {@link FlowStats} keys → Long. */
  public static final String STATS_STORE = "flow-stats";

  /** The repartition topic is {@code <application.id>-webflows-by-dstdevice-repartition}. */
  public static final String REPARTITION_NAME = "webflows-by-dstdevice";

  private WebServerTopology() {}

  /** The topology with rankings nobody reads (tests of the counts alone). */
  public static Topology build(TopologySettings settings) {
    return build(settings, new Rankings());
  }

  /** The topology; its counters publish their partitions' rankings into {@code rankings}. */
  public static Topology build(TopologySettings settings, Rankings rankings) {
    FlowLineParser parser = new FlowLineParser(settings.webPorts());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(COUNTS_STORE), Serdes.String(), Serdes.Long())
            // Cached: a device's count is written to RocksDB and its changelog once per commit.
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATS_STORE), Serdes.String(), Serdes.Long())
            // Cached: the figures change on every record, the changelog needs them once per commit.
            .withCachingEnabled());

    KStream<byte[], ClassifiedFlow> classified =
        builder
            .stream(
                Topics.FLOWS.name(),
                Consumed.with(Topics.FLOWS.keySerde(), Topics.FLOWS.valueSerde())
                    .withName("flows-source"))
            .processValues(() -> new FlowClassifier(parser), Named.as("classify"), STATS_STORE);

    Map<String, KStream<byte[], ClassifiedFlow>> routes =
        classified
            .split(Named.as("route-"))
            .branch((key, flow) -> flow.verdict().isWebFlow(), Branched.as("web"))
            .defaultBranch(Branched.as("rejected"));

    routes
        .get("route-rejected")
        .mapValues(ClassifiedFlow::raw, Named.as("rejected-raw"))
        .to(
            Topics.FLOWS_REJECTED.name(),
            Produced.with(Topics.FLOWS_REJECTED.keySerde(), Topics.FLOWS_REJECTED.valueSerde())
                .withName("rejected-sink"));

    routes
        .get("route-web")
        .map(
            (key, flow) -> KeyValue.pair(flow.verdict().dstdevice(), (byte[]) null),
            Named.as("key-by-dstdevice"))
        .repartition(
            Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(REPARTITION_NAME))
        .process(() -> new WebFlowCounter(rankings), Named.as("count-web-flows"), COUNTS_STORE);

    return builder.build();
  }
}
