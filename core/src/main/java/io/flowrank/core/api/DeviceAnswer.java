package io.flowrank.core.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's evidence (docs/design.md §1.5): the answer of {@code GET /api/devices/{dstdevice}}
 * and each line of {@code GET /api/counts} (NDJSON). Byte sums are exact, however large; {@code
 * ports} holds every web port counted (0 where none); first and last seen are null when no flow had
 * a valid time.
 */
public record DeviceAnswer(
    String dstdevice,
    long count,
    long answered,
    long clients,
    BigInteger bytesOut,
    BigInteger bytesIn,
    Map<String, Long> ports,
    @JsonSetter(nulls = Nulls.SET) Long firstSeen,
    @JsonSetter(nulls = Nulls.SET) Long lastSeen) {

  public DeviceAnswer {
    ports = ports == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
  }

  /** A device's answer; {@code webPorts} are the ports shown even without flows. */
  public static DeviceAnswer of(String dstdevice, Evidence evidence, List<Integer> webPorts) {
    return new DeviceAnswer(
        dstdevice,
        evidence.count(),
        evidence.answered(),
        evidence.clients(),
        evidence.bytesOut().toBigInteger(),
        evidence.bytesIn().toBigInteger(),
        evidence.ports().asMap(webPorts),
        time(evidence.firstSeen()),
        time(evidence.lastSeen()));
  }

  /** The evidence this answer describes. */
  public Evidence evidence() {
    int[] portNumbers = new int[ports.size()];
    long[] counts = new long[ports.size()];
    int i = 0;
    for (Map.Entry<String, Long> port : ports.entrySet()) {
      portNumbers[i] = Integer.parseInt(port.getKey());
      counts[i++] = port.getValue();
    }
    return new Evidence(
        count,
        answered,
        clients,
        Total.of(bytesOut == null ? BigInteger.ZERO : bytesOut),
        Total.of(bytesIn == null ? BigInteger.ZERO : bytesIn),
        PortCounts.of(portNumbers, counts, i),
        firstSeen == null ? Evidence.NO_TIME : firstSeen,
        lastSeen == null ? Evidence.NO_TIME : lastSeen);
  }

  static Long time(long time) {
    return time == Evidence.NO_TIME ? null : time;
  }
}
