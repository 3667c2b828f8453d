package io.flowrank.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.flowrank.core.evidence.Evidence;
import java.math.BigInteger;
import io.flowrank.core.ranking.DeviceCount;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/top}: the ports counted, the measure the devices are ranked by, the
 * partitions covered, the web flows of every device (read with the rankings, so the shares add up
 * mid-replay) and the devices, best first, each with its evidence; with {@code ?window=}, the
 * window it ranks (absent from an all-time ranking) and the figures of that window alone.
 */
public record TopAnswer(
    List<Integer> ports,
    String by,
    Coverage partitions,
    long webFlows,
    List<RankedDevice> devices,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonSetter(nulls = Nulls.SET) WindowAnswer window) {

  public TopAnswer {
    ports = List.copyOf(ports);
    devices = List.copyOf(devices);
  }

  /** An all-time ranking. */
  public TopAnswer(
      List<Integer> ports, String by, Coverage partitions, long webFlows, List<RankedDevice> devices) {
    this(ports, by, partitions, webFlows, devices, null);
  }

  /** The devices with their counts only, best first: comparable with a {@code TopN} ranking. */
  public List<DeviceCount> ranking() {
    return devices.stream().map(d -> new DeviceCount(d.dstdevice(), d.count())).toList();
  }

  /**
   * A device of the ranking: its web flows, its place (1 = first) and its share of the ranking's
   * measure over every device (of all web flows when ranked by count), then the rest of its
   * evidence as in {@link DeviceAnswer}.
   */
  public record RankedDevice(
      String dstdevice,
      long count,
      long rank,
      double share,
      long answered,
      long clients,
      BigInteger bytesOut,
      BigInteger bytesIn,
      Map<String, Long> ports,
      @JsonSetter(nulls = Nulls.SET) Long firstSeen,
      @JsonSetter(nulls = Nulls.SET) Long lastSeen) {

    public static RankedDevice of(
        String dstdevice, Evidence evidence, long rank, double share, List<Integer> webPorts) {
      DeviceAnswer device = DeviceAnswer.of(dstdevice, evidence, webPorts);
      return new RankedDevice(
          dstdevice,
          device.count(),
          rank,
          share,
          device.answered(),
          device.clients(),
          device.bytesOut(),
          device.bytesIn(),
          device.ports(),
          device.firstSeen(),
          device.lastSeen());
    }

    /** The device's evidence, without its rank and share. */
    public DeviceAnswer device() {
      return new DeviceAnswer(
          dstdevice, count, answered, clients, bytesOut, bytesIn, ports, firstSeen, lastSeen);
    }
  }
}
