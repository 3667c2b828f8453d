package io.flowrank.core.ranking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Keeps the first {@code n} device counts in {@link DeviceCount#RANKING} order while counts are
 * offered one by one: O(log n) per offer, O(n) memory, whatever the number of devices.
 */
public final class TopN {

  private final int n;
  // The worst of the kept entries sits at the head, ready to be replaced.
  private final PriorityQueue<DeviceCount> kept;

  public TopN(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1");
    }
    this.n = n;
    this.kept = new PriorityQueue<>(Math.min(n, 1024) + 1, DeviceCount.RANKING.reversed());
  }

  public void offer(DeviceCount candidate) {
    if (kept.size() < n) {
      kept.add(candidate);
    } else if (DeviceCount.RANKING.compare(candidate, kept.peek()) < 0) {
      kept.poll();
      kept.add(candidate);
    }
  }

  public void offer(String dstdevice, long count) {
    if (kept.size() < n || count >= kept.peek().count()) {
      offer(new DeviceCount(dstdevice, count));
    }
  }

  /** The kept entries, best first. */
  public List<DeviceCount> result() {
    List<DeviceCount> result = new ArrayList<>(kept);
    result.sort(DeviceCount.RANKING);
    return Collections.unmodifiableList(result);
  }

  /** The first {@code n} entries of a whole count table. */
  public static List<DeviceCount> of(Map<String, Long> counts, int n) {
    TopN top = new TopN(n);
    counts.forEach(top::offer);
    return top.result();
  }

  /** The first {@code n} entries of several ranked lists (each device in one list only). */
  public static List<DeviceCount> merge(List<List<DeviceCount>> lists, int n) {
    TopN top = new TopN(n);
    lists.forEach(list -> list.forEach(top::offer));
    return top.result();
  }
}
