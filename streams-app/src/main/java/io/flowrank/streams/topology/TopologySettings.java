package io.flowrank.streams.topology;

import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.rules.WebPorts;
import java.util.Objects;

/**
 * What the topology depends on. Everything else (topic and store names) is fixed by the contract in
 * {@link WebServerTopology}.
 *
 * @param webPorts the ports that make a flow a web flow
 * @param countsPartitions the partitions of {@code webserver-counts} and of the repartition topic
 *     that feeds it: the classifier groups each frame's web flows by them, so the count is fixed
 *     when the topology is built (the streams app takes that of the existing repartition topic, or
 *     that of {@code flows} on a first start)
 */
public record TopologySettings(WebPorts webPorts, int countsPartitions) {

  public TopologySettings {
    Objects.requireNonNull(webPorts, "webPorts");
    if (countsPartitions < 1) {
      throw new IllegalArgumentException(
          "counts partitions must be at least 1, got " + countsPartitions);
    }
  }

  public static TopologySettings defaults() {
    return new TopologySettings(WebPorts.DEFAULT, TopicSetup.DEFAULT_PARTITIONS);
  }
}
