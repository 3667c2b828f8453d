package io.flowrank.core.evidence;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Web flows per web port, ports ascending, only ports with flows. Immutable: the arrays are never
 * changed once built.
 */
public final class PortCounts {

  public static final PortCounts NONE = new PortCounts(new int[0], new long[0]);

  private final int[] ports;
  private final long[] counts;

  private PortCounts(int[] ports, long[] counts) {
    this.ports = ports;
    this.counts = counts;
  }

  /** From parallel arrays; ports need not be sorted, a port may repeat (its counts add up). */
  public static PortCounts of(int[] ports, long[] counts, int size) {
    if (ascendingWithFlows(ports, counts, size)) {
      // As this class writes them (a store value, an answer): copied once, not grown port by port.
      return size == 0
          ? NONE
          : new PortCounts(Arrays.copyOf(ports, size), Arrays.copyOf(counts, size));
    }
    PortCounts result = NONE;
    for (int i = 0; i < size; i++) {
      result = result.plus(ports[i], counts[i]);
    }
    return result;
  }

  private static boolean ascendingWithFlows(int[] ports, long[] counts, int size) {
    for (int i = 0; i < size; i++) {
      if (counts[i] <= 0 || (i > 0 && ports[i] <= ports[i - 1])) {
        return false;
      }
    }
    return true;
  }

  /** These counts with the flows per port of {@code tally} added. */
  PortCounts plus(Tally tally) {
    int added = tally.portsSize();
    long[] grown = null;
    for (int i = 0; i < added; i++) {
      int at = Arrays.binarySearch(ports, tally.port(i));
      if (at < 0) {
        // A port new to the device (rare once it has flows): grown one port at a time.
        PortCounts result = this;
        for (int j = 0; j < added; j++) {
          result = result.plus(tally.port(j), tally.portCount(j));
        }
        return result;
      }
      if (tally.portCount(i) != 0) {
        if (grown == null) {
          grown = counts.clone();
        }
        grown[at] += tally.portCount(i);
      }
    }
    return grown == null ? this : new PortCounts(ports, grown);
  }

  public int size() {
    return ports.length;
  }

  public int port(int index) {
    return ports[index];
  }

  public long count(int index) {
    return counts[index];
  }

  /** The web flows to {@code port}, 0 when none. */
  public long countOf(int port) {
    int at = Arrays.binarySearch(ports, port);
    return at < 0 ? 0 : counts[at];
  }

  /** These counts with {@code added} more flows to {@code port}. */
  public PortCounts plus(int port, long added) {
    if (added == 0) {
      return this;
    }
    int at = Arrays.binarySearch(ports, port);
    if (at >= 0) {
      long[] grown = counts.clone();
      grown[at] += added;
      return new PortCounts(ports, grown);
    }
    int insert = -at - 1;
    int[] newPorts = new int[ports.length + 1];
    long[] newCounts = new long[ports.length + 1];
    System.arraycopy(ports, 0, newPorts, 0, insert);
    System.arraycopy(counts, 0, newCounts, 0, insert);
    newPorts[insert] = port;
    newCounts[insert] = added;
    System.arraycopy(ports, insert, newPorts, insert + 1, ports.length - insert);
    System.arraycopy(counts, insert, newCounts, insert + 1, ports.length - insert);
    return new PortCounts(newPorts, newCounts);
  }

  /**
   * The counts as the API shows them: every port of {@code shown} (0 where none), then any other
   * port with flows (counted under another port list), each keyed by its decimal text.
   */
  public Map<String, Long> asMap(Iterable<Integer> shown) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int port : shown) {
      map.put(Integer.toString(port), countOf(port));
    }
    for (int i = 0; i < ports.length; i++) {
      map.putIfAbsent(Integer.toString(ports[i]), counts[i]);
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortCounts other
        && Arrays.equals(ports, other.ports)
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ports) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < ports.length; i++) {
      text.append(i == 0 ? "" : ", ").append(ports[i]).append('=').append(counts[i]);
    }
    return text.append('}').toString();
  }
}
