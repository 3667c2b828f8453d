package io.flowrank.core.api;

import io.flowrank.core.ranking.DeviceCount;
import java.util.List;

/**
 * The answer of {@code GET /api/top}: the ports counted, the partitions covered, the web flows of
 * every device (read with the rankings, so the shares add up mid-replay) and the devices, best
 * first.
 */
public record TopAnswer(
    List<Integer> ports, Coverage partitions, long webFlows, List<RankedDevice> devices) {

  public TopAnswer {
    ports = List.copyOf(ports);
    devices = List.copyOf(devices);
  }

  /** The devices with their counts only, best first: comparable with a {@code TopN} ranking. */
  public List<DeviceCount> ranking() {
    return devices.stream().map(d -> new DeviceCount(d.dstdevice(), d.count())).toList();
  }

  /** A device of the ranking: its web flows, its place (1 = first) and its share of all of them. */
  public record RankedDevice(String dstdevice, long count, long rank, double share) {}
}
