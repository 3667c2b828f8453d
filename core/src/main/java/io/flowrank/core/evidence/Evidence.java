package io.flowrank.core.evidence;

import java.util.Objects;

/**
 * What a device's web flows say about it (docs/design.md §1.5): how many, how many were answered,
 * by how many distinct clients, the bytes both ways, the flows per port, and the data time of the
 * first and last. Immutable; every measure only grows as flows are added.
 *
 * @param count web flows
 * @param answered web flows whose {@code dstpackets} is above 0
 * @param clients distinct non-empty {@code srcdevice} values
 * @param bytesOut the sum of {@code dstbytes}: what the device sent back
 * @param bytesIn the sum of {@code srcbytes}
 * @param ports web flows per web port
 * @param firstSeen the smallest valid {@code time}, or {@link #NO_TIME}
 * @param lastSeen the largest valid {@code time}, or {@link #NO_TIME}
 */
public record Evidence(
    long count,
    long answered,
    long clients,
    Total bytesOut,
    Total bytesIn,
    PortCounts ports,
    long firstSeen,
    long lastSeen) {

  /** No flow had a valid time. */
  public static final long NO_TIME = -1;

  /** A device never seen. */
  public static final Evidence NONE =
      new Evidence(0, 0, 0, Total.ZERO, Total.ZERO, PortCounts.NONE, NO_TIME, NO_TIME);

  public Evidence {
    Objects.requireNonNull(bytesOut, "bytesOut");
    Objects.requireNonNull(bytesIn, "bytesIn");
    Objects.requireNonNull(ports, "ports");
  }

  /** The evidence of a device's flows: those summed here, and the clients new to it among them. */
  public Evidence plus(Tally tally, long newClients) {
    return new Evidence(
        count + tally.count(),
        answered + tally.answered(),
        clients + newClients,
        bytesOut.plus(tally.bytesOutHigh(), tally.bytesOutLow()),
        bytesIn.plus(tally.bytesInHigh(), tally.bytesInLow()),
        ports.plus(tally),
        min(firstSeen, tally.firstSeen()),
        Math.max(lastSeen, tally.lastSeen()));
  }

  /** The evidence of a tally that holds every flow of a device, its clients included. */
  public static Evidence of(Tally tally) {
    return NONE.plus(tally, tally.clientCount());
  }

  private static long min(long a, long b) {
    if (a == NO_TIME) {
      return b;
    }
    return b == NO_TIME ? a : Math.min(a, b);
  }
}
