package io.flowrank.core.ranking;

/** The number of web flows sent to one destination device. */
public record DeviceCount(String dstdevice, long count) {

  /** Count descending, then dstdevice ascending: deterministic at ties. */
  public static final java.util.Comparator<DeviceCount> RANKING =
      java.util.Comparator.comparingLong(DeviceCount::count)
          .reversed()
          .thenComparing(DeviceCount::dstdevice);
}
