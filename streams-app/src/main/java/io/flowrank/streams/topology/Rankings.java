package io.flowrank.streams.topology;

import io.flowrank.core.ranking.DeviceRankings;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live rankings ({@link DeviceRankings}, one per measure) of each partition of {@code
 * webserver-counts} this instance processes, so a top-N query reads N entries per partition instead
 * of every device; the same for the newest windows of data time of each partition ({@link
 * WindowCounter#RANKED_WINDOWS}). Written by the stream threads (a task publishes a ranking once it
 * is filled from the store, and withdraws it when it closes or the window is no longer among the
 * newest), read by the HTTP threads. A partition or window without a ranking here is read from its
 * store. Each partition's totals per window held ({@link WindowTotal}) are here too, for the same
 * reason: which windows are held, and the latest, without reading a store.
 */
public final class Rankings {

  /** The largest N a ranking answers exactly: the largest {@code n} of {@code /api/top}. */
  public static final int CAPACITY = 10_000;

  // Read only: the ranking of a window a partition has counted nothing in.
  private static final DeviceRankings NOTHING = new DeviceRankings(CAPACITY);

  private final ConcurrentMap<Integer, DeviceRankings> byPartition = new ConcurrentHashMap<>();
  private final ConcurrentMap<PartitionWindow, DeviceRankings> byWindow = new ConcurrentHashMap<>();

  private final ConcurrentMap<Integer, NavigableMap<Long, WindowTotal>> totals =
      new ConcurrentHashMap<>();

  private record PartitionWindow(int partition, long window) {}

  /**
   * The totals per window of a partition whose task runs here (window start → its web flows and
   * largest time; a live view, oldest first), or empty.
   */
  public Optional<NavigableMap<Long, WindowTotal>> totalsOf(int partition) {
    return Optional.ofNullable(totals.get(partition));
  }

  void publishTotals(int partition, NavigableMap<Long, WindowTotal> held) {
    totals.put(partition, held);
  }

  void withdrawTotals(int partition, NavigableMap<Long, WindowTotal> held) {
    totals.remove(partition, held);
  }

  /** The ranking of a partition whose task runs here, or empty. */
  public Optional<DeviceRankings> of(int partition) {
    return Optional.ofNullable(byPartition.get(partition));
  }

  /**
   * The ranking of a partition in the window starting at {@code window}: its live ranking; for a
   * partition processed here that holds no window that late, a ranking of nothing (other partitions'
   * flows opened the window, none of this one's yet: its store has nothing to read there); else
   * empty, the window to be read from the store.
   *
   * <p>Why the second: a partition's ranking of a window is published when it counts the window's
   * first flow, before the window joins its totals, so a window newer than every one the totals
   * hold has counted nothing there; reading the store to find that out costs a scan of every
   * device of the partition (a second with a million devices, issue 20's (d)).
   */
  public Optional<DeviceRankings> of(int partition, long window) {
    DeviceRankings live = byWindow.get(new PartitionWindow(partition, window));
    if (live != null) {
      return Optional.of(live);
    }
    NavigableMap<Long, WindowTotal> held = totals.get(partition);
    if (held != null && (held.isEmpty() || held.lastKey() < window)) {
      return Optional.of(NOTHING);
    }
    return Optional.empty();
  }

  void publish(int partition, long window, DeviceRankings ranking) {
    byWindow.put(new PartitionWindow(partition, window), ranking);
  }

  void withdraw(int partition, long window, DeviceRankings ranking) {
    byWindow.remove(new PartitionWindow(partition, window), ranking);
  }

  void publish(int partition, DeviceRankings ranking) {
    byPartition.put(partition, ranking);
  }

  void withdraw(int partition, DeviceRankings ranking) {
    byPartition.remove(partition, ranking);
  }
}
