package io.flowrank.core.api;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import java.util.List;

/** Answers for the tests of the wire: devices whose evidence follows from their count. */
final class Answers {

  static final List<Integer> PORTS = List.of(80, 443);

  private Answers() {}

  /** A device with {@code count} web flows to 443, half answered, from count / 3 clients. */
  static Evidence evidence(long count) {
    return new Evidence(
        count,
        count / 2,
        count / 3,
        Total.of(count * 1_000),
        Total.of(count * 60),
        PortCounts.NONE.plus(443, count),
        count == 0 ? Evidence.NO_TIME : 172_800,
        count == 0 ? Evidence.NO_TIME : 172_800 + count);
  }

  static DeviceAnswer device(String dstdevice, long count) {
    return DeviceAnswer.of(dstdevice, evidence(count), PORTS);
  }

  static TopAnswer.RankedDevice ranked(String dstdevice, long count, long rank, double share) {
    return TopAnswer.RankedDevice.of(dstdevice, evidence(count), rank, share, PORTS);
  }

  static DeviceRankAnswer rank(String dstdevice, long count, long rank, long webFlows, double share) {
    return new DeviceRankAnswer(
        dstdevice, true, count, rank, webFlows, share, "count", device(dstdevice, count));
  }
}
