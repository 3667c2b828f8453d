package io.flowrank.core.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The best {@code capacity} devices of one partition, kept up to date as their counts grow, so a
 * top-N query looks at the kept devices instead of every device of the partition.
 *
 * <p>Two tiers, both exact because counts only grow:
 *
 * <ul>
 *   <li>the <em>kept</em> devices: a hash map of devices and their counts, and a <em>bar</em>. A
 *       device outside the kept set gets in when an update ranks it above the bar ({@link
 *       DeviceCount#RANKING}); when the set holds twice the capacity, it is pruned to the best
 *       {@code capacity} devices and the worst of them becomes the new bar. Every device outside
 *       ranks below the bar, the bar only rises, and at least {@code capacity} kept devices rank at
 *       or above it, so the kept set holds the partition's top {@code capacity}. An update of a kept
 *       device is one hash look-up; a prune's sort is paid once per {@code capacity} admissions.
 *   <li>the <em>leaders</em>: the best {@code leaders} kept devices in a sorted set, updated only
 *       when a leader grows or a device overtakes the last leader. {@link #top(int)} up to that
 *       size reads them in order; a larger N selects from the kept devices.
 * </ul>
 *
 * <p>One writer (the stream thread that owns the partition) and any number of readers (HTTP
 * threads): every method holds the instance lock.
 */
public final class LiveRanking {

  /** How many leaders a ranking keeps sorted when not told otherwise: a dashboard's top 100. */
  public static final int DEFAULT_LEADERS = 128;

  private final int capacity;
  private final int leaders;
  private final Map<String, Kept> kept = new HashMap<>();
  private final TreeSet<DeviceCount> leading = new TreeSet<>(DeviceCount.RANKING);
  // The worst kept device after the last prune; none before the first prune (everything gets in).
  private DeviceCount bar;
  // The sum of every device's count: of the counts update() filled in, plus everything add() added.
  // Written under the lock by the one writer, read without it: a reader of the total alone does not
  // wait for the stream thread.
  private volatile long total;

  /** A kept device's count, and whether it is a leader. */
  private static final class Kept {
    long count;
    boolean leads;

    Kept(long count) {
      this.count = count;
    }
  }

  public LiveRanking(int capacity) {
    this(capacity, Math.min(capacity, DEFAULT_LEADERS));
  }

  public LiveRanking(int capacity, int leaders) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (leaders < 1 || leaders > capacity) {
      throw new IllegalArgumentException("leaders must be 1.." + capacity + ", was " + leaders);
    }
    this.capacity = capacity;
    this.leaders = leaders;
  }

  /**
   * The device's count is now {@code count} (never less than an earlier update said). Meant for
   * filling a ranking, once per device, before {@link #add}: the {@link #total()} takes a device
   * this ranking does not keep as new.
   */
  public synchronized void update(String dstdevice, long count) {
    Kept known = kept.get(dstdevice);
    if (known != null) {
      total += count - known.count;
      grow(dstdevice, known, count);
    } else {
      total += count;
      admit(dstdevice, count);
    }
  }

  /** The sum of every device's count: the web flows of the partition. */
  public long total() {
    return total;
  }

  /**
   * Adds {@code added} to the device's count and returns the new count. The current count of a kept
   * device is known here; for any other, {@code countElsewhere} gives it (0 for a new device), so
   * the caller's store is read only for devices outside the ranking.
   */
  public synchronized long add(String dstdevice, long added, ToLongFunction<String> countElsewhere) {
    total += added;
    Kept known = kept.get(dstdevice);
    if (known != null) {
      grow(dstdevice, known, known.count + added);
      return known.count;
    }
    long count = countElsewhere.applyAsLong(dstdevice) + added;
    admit(dstdevice, count);
    return count;
  }

  private void grow(String dstdevice, Kept known, long count) {
    if (count == known.count) {
      return;
    }
    if (known.leads) {
      leading.remove(new DeviceCount(dstdevice, known.count));
      known.count = count;
      leading.add(new DeviceCount(dstdevice, count));
    } else {
      known.count = count;
      maybeLead(dstdevice, known);
    }
  }

  private void admit(String dstdevice, long count) {
    if (bar != null && !ranksAbove(dstdevice, count, bar)) {
      return;
    }
    Kept entry = new Kept(count);
    kept.put(dstdevice, entry);
    maybeLead(dstdevice, entry);
    if (kept.size() >= 2 * capacity) {
      prune();
    }
  }

  /** Makes a kept device a leader when it overtakes the last one (or there is room). */
  private void maybeLead(String dstdevice, Kept entry) {
    if (leading.size() >= leaders) {
      DeviceCount last = leading.last();
      if (!ranksAbove(dstdevice, entry.count, last)) {
        return;
      }
      leading.pollLast();
      kept.get(last.dstdevice()).leads = false;
    }
    leading.add(new DeviceCount(dstdevice, entry.count));
    entry.leads = true;
  }

  private static boolean ranksAbove(String dstdevice, long count, DeviceCount other) {
    return count > other.count()
        || (count == other.count() && dstdevice.compareTo(other.dstdevice()) < 0);
  }

  /** Keeps the best {@code capacity} devices; the worst of them is the new bar. */
  private void prune() {
    List<DeviceCount> all = new ArrayList<>(kept.size());
    kept.forEach((device, entry) -> all.add(new DeviceCount(device, entry.count)));
    all.sort(DeviceCount.RANKING);
    // Leaders rank among the best `leaders` <= capacity devices: none is dropped.
    for (DeviceCount dropped : all.subList(capacity, all.size())) {
      kept.remove(dropped.dstdevice());
    }
    bar = all.get(capacity - 1);
  }

  /**
   * How many devices rank above {@code count} for {@code dstdevice} (more flows, or as many and a
   * smaller name), when this ranking holds all of them: every device ranking above the bar is kept,
   * so a probe above the bar is answered from the kept devices alone (at most twice the capacity
   * read). Empty for a probe at or below the bar: the caller counts in the store instead.
   */
  public synchronized OptionalLong countAbove(String dstdevice, long count) {
    if (bar != null && !ranksAbove(dstdevice, count, bar)) {
      return OptionalLong.empty();
    }
    long above = 0;
    for (Map.Entry<String, Kept> entry : kept.entrySet()) {
      String other = entry.getKey();
      long otherCount = entry.getValue().count;
      if (otherCount > count || (otherCount == count && other.compareTo(dstdevice) < 0)) {
        above++;
      }
    }
    return OptionalLong.of(above);
  }

  /** The first {@code n} devices, best first; {@code n} is capped at the capacity. */
  public synchronized List<DeviceCount> top(int n) {
    int size = Math.min(Math.min(n, capacity), kept.size());
    if (size <= 0) {
      return List.of();
    }
    if (size <= leading.size()) {
      List<DeviceCount> top = new ArrayList<>(size);
      Iterator<DeviceCount> entries = leading.iterator();
      for (int i = 0; i < size; i++) {
        top.add(entries.next());
      }
      return top;
    }
    // The worst of the best `size` seen so far at the head, so each other entry costs a compare.
    PriorityQueue<DeviceCount> best = new PriorityQueue<>(size, DeviceCount.RANKING.reversed());
    for (Map.Entry<String, Kept> entry : kept.entrySet()) {
      long count = entry.getValue().count;
      if (best.size() < size) {
        best.add(new DeviceCount(entry.getKey(), count));
      } else if (ranksAbove(entry.getKey(), count, best.peek())) {
        best.poll();
        best.add(new DeviceCount(entry.getKey(), count));
      }
    }
    List<DeviceCount> top = new ArrayList<>(best);
    top.sort(DeviceCount.RANKING);
    return top;
  }
}
