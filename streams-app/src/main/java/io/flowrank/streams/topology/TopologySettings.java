package io.flowrank.streams.topology;

import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import java.util.Objects;
import java.util.Optional;

/**
 * What the topology depends on. Everything else (topic and store names) is fixed by the contract in
 * {@link WebServerTopology}.
 *
 * @param webPorts the ports that make a flow a web flow
 * @param countsPartitions the partitions of {@code webserver-counts} and of the repartition topic
 *     that feeds it: the classifier groups each frame's web flows by them, so the count is fixed
 *     when the topology is built (the streams app takes that of the existing repartition topic, or
 *     that of {@code flows} on a first start)
 * @param time the windows of data time, if any (none: no window store, no event), and when a
 *     device becomes a web server
 * @param pairsInMemory the (device, client) pairs a task keeps in memory at most ({@link
 *     PairIndex}); past them the store is asked
 */
public record TopologySettings(
    WebPorts webPorts, int countsPartitions, TimeSettings time, int pairsInMemory) {

  /** A task's pairs in memory when not told: a table of 64 MiB at most. */
  public static final int DEFAULT_PAIRS_IN_MEMORY = 3 << 20;

  public TopologySettings(WebPorts webPorts, int countsPartitions, TimeSettings time) {
    this(webPorts, countsPartitions, time, DEFAULT_PAIRS_IN_MEMORY);
  }

  public TopologySettings {
    Objects.requireNonNull(webPorts, "webPorts");
    Objects.requireNonNull(time, "time");
    if (countsPartitions < 1) {
      throw new IllegalArgumentException(
          "counts partitions must be at least 1, got " + countsPartitions);
    }
    if (pairsInMemory < 0) {
      throw new IllegalArgumentException("pairs in memory must be 0 or more, got " + pairsInMemory);
    }
  }

  public TopologySettings withPairsInMemory(int pairs) {
    return new TopologySettings(webPorts, countsPartitions, time, pairs);
  }

  /** The defaults of {@code flowrank stream}: windows of an hour, the default server rule. */
  public static TopologySettings defaults() {
    return new TopologySettings(WebPorts.DEFAULT, TopicSetup.DEFAULT_PARTITIONS, TimeSettings.DEFAULT);
  }

  public Optional<Windowing> windows() {
    return time.windows();
  }

  public ServerRule serverRule() {
    return time.serverRule();
  }
}
