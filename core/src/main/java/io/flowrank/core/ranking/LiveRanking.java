package io.flowrank.core.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The best {@code capacity} devices of one partition in {@link DeviceCount#RANKING} order, kept up
 * to date as their counts grow, so a top-N query reads N entries instead of sorting every device.
 *
 * <p>Exact because counts only grow: a device outside the kept set can only get in through an
 * {@link #update}, which compares it with the worst kept entry, and a device pushed out can never be
 * better than the entry that pushed it. {@link #top(int)} is therefore the exact top N of the
 * partition for any N up to the capacity.
 *
 * <p>One writer (the stream thread that owns the partition) and any number of readers (HTTP
 * threads): every method holds the instance lock; a read copies at most N entries, an update of a
 * device that stays out of the ranking costs one hash look-up and allocates nothing.
 */
public final class LiveRanking {

  private final int capacity;
  private final TreeSet<DeviceCount> ranked = new TreeSet<>(DeviceCount.RANKING);
  // The count each ranked device holds in `ranked`, to find its entry again.
  private final Map<String, Long> rankedCounts = new HashMap<>();

  public LiveRanking(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** The device's count is now {@code count} (never less than an earlier update said). */
  public synchronized void update(String dstdevice, long count) {
    Long previous = rankedCounts.get(dstdevice);
    if (previous != null) {
      if (previous == count) {
        return;
      }
      ranked.remove(new DeviceCount(dstdevice, previous));
    } else if (ranked.size() >= capacity) {
      DeviceCount worst = ranked.last();
      if (count < worst.count()
          || (count == worst.count() && dstdevice.compareTo(worst.dstdevice()) >= 0)) {
        return;
      }
      ranked.pollLast();
      rankedCounts.remove(worst.dstdevice());
    }
    ranked.add(new DeviceCount(dstdevice, count));
    rankedCounts.put(dstdevice, count);
  }

  /** The first {@code n} devices, best first; {@code n} is capped at the capacity. */
  public synchronized List<DeviceCount> top(int n) {
    int size = Math.min(n, ranked.size());
    List<DeviceCount> top = new ArrayList<>(size);
    Iterator<DeviceCount> entries = ranked.iterator();
    for (int i = 0; i < size; i++) {
      top.add(entries.next());
    }
    return top;
  }
}
