package io.flowrank.streams.topology;

import io.flowrank.core.rules.WebPorts;
import java.util.Objects;

/**
 * What the topology depends on: the web ports. Everything else (topic and store names) is fixed by
 * the contract in {@link WebServerTopology}.
 */
public record TopologySettings(WebPorts webPorts) {

  public TopologySettings {
    Objects.requireNonNull(webPorts, "webPorts");
  }

  public static TopologySettings defaults() {
    return new TopologySettings(WebPorts.DEFAULT);
  }
}
