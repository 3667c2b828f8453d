package io.flowrank.core.ranking;

/** The number of web flows sent to one destination device. */
public record DeviceCount(String dstdevice, long count) {

  /** Count descending, then dstdevice ascending: deterministic at ties. */
  public static final java.util.Comparator<DeviceCount> RANKING =
      // Written out rather than composed: live rankings compare on every count update.
      (a, b) -> {
        int byCount = Long.compare(b.count, a.count);
        return byCount != 0 ? byCount : a.dstdevice.compareTo(b.dstdevice);
      };
}
