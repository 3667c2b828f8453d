package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.Total;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * The best {@code capacity} devices of one partition by one {@link Measure}, kept up to date as
 * their evidence grows, so a top-N query looks at the kept devices instead of every device of the
 * partition; each kept device's evidence is kept with it, so the answer needs no store read.
 *
 * <p>Two tiers, both exact because every measure only grows:
 *
 * <ul>
 *   <li>the <em>kept</em> devices, in a hash map, and a <em>bar</em>. A device outside the kept set
 *       gets in when an update ranks it above the bar; when the set holds twice the capacity, it
 *       is pruned to the best {@code capacity} and the worst of them becomes the new bar. Every
 *       device outside ranks below the bar, the bar only rises, and at least {@code capacity} kept
 *       devices rank at or above it, so the kept set holds the partition's top {@code capacity}. An
 *       update of a kept device is one hash look-up; a prune's sort is paid once per {@code
 *       capacity} admissions.
 *   <li>the <em>leaders</em>: the best {@code leaders} kept devices in a heap, weakest first, its
 *       entries moved only when a device overtakes the weakest leader (a leader that grows is
 *       re-placed lazily, when it reaches the head). {@link #top(int)} up to that size sorts them at
 *       their current scores; a larger N selects from the kept devices.
 * </ul>
 *
 * <p>Order: the measure descending, then dstdevice ascending; byte sums above 2^63 - 1 rank as equal
 * ({@link Measure#score}). One writer (the stream thread of the partition) and any number of
 * readers (HTTP threads): every method but {@link #total()} holds the instance lock.
 */
public final class MeasureRanking {

  /** How many leaders a ranking keeps sorted when not told otherwise: a dashboard's top 100. */
  public static final int DEFAULT_LEADERS = 128;

  /** A device and its value of the measure. */
  private record Scored(String dstdevice, long score) {}

  private static final Comparator<Scored> ORDER =
      (a, b) -> {
        int byScore = Long.compare(b.score, a.score);
        return byScore != 0 ? byScore : a.dstdevice.compareTo(b.dstdevice);
      };

  /** A kept device: its evidence, its score, and whether it is a leader. */
  private static final class Kept {
    Evidence evidence;
    long score;
    boolean leads;

    Kept(Evidence evidence, long score) {
      this.evidence = evidence;
      this.score = score;
    }
  }

  private final Measure measure;
  private final int capacity;
  private final int leaders;
  private final Map<String, Kept> kept = new HashMap<>();
  // The leaders, weakest at the head. An entry holds the device's score when it was pushed; a
  // leader that grew since is re-pushed when it reaches the head, so growing a leader costs
  // nothing here, and only overtaking the weakest one moves entries.
  private final PriorityQueue<Scored> leading = new PriorityQueue<>(ORDER.reversed());
  // The worst kept device after the last prune; none before the first prune (everything gets in).
  private Scored bar;
  // The measure summed over every device of the partition. One writer, under the lock; read
  // without it, so a reader of the total alone does not wait for the stream thread.
  private volatile Total total = Total.ZERO;
  // The same for the measures that fit a long (every one but the byte sums): no allocation.
  private volatile long longTotal;

  public MeasureRanking(Measure measure, int capacity) {
    this(measure, capacity, Math.min(capacity, DEFAULT_LEADERS));
  }

  public MeasureRanking(Measure measure, int capacity, int leaders) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (leaders < 1 || leaders > capacity) {
      throw new IllegalArgumentException("leaders must be 1.." + capacity + ", was " + leaders);
    }
    this.measure = measure;
    this.capacity = capacity;
    this.leaders = leaders;
  }

  public Measure measure() {
    return measure;
  }

  /**
   * The device's evidence is now {@code now}; it was {@code before} ({@link Evidence#NONE} for a
   * device never seen), which the total loses. Every measure of {@code now} is at least that of
   * {@code before}.
   */
  public synchronized void put(String dstdevice, Evidence now, Evidence before) {
    addToTotal(now, before);
    long score = measure.score(now);
    Kept known = kept.get(dstdevice);
    if (known == null) {
      admit(dstdevice, now, score);
      return;
    }
    known.evidence = now;
    if (score == known.score) {
      return;
    }
    known.score = score;
    if (!known.leads) {
      maybeLead(dstdevice, known);
    }
  }

  /** The measure summed over every device of the partition. */
  public Total total() {
    return measure == Measure.BYTES_OUT || measure == Measure.BYTES_IN
        ? total
        : Total.of(longTotal);
  }

  /** What the device's measure grew by, added to the partition's: no allocation for counts. */
  private void addToTotal(Evidence now, Evidence before) {
    switch (measure) {
      case BYTES_OUT, BYTES_IN -> {
        Total gained = measure.total(now).minus(measure.total(before));
        if (!gained.isZero()) {
          total = total.plus(gained);
        }
      }
      default -> longTotal += measure.score(now) - measure.score(before);
    }
  }

  /** The evidence of a kept device: what the caller would otherwise read from its store. */
  public synchronized Optional<Evidence> evidenceOf(String dstdevice) {
    Kept known = kept.get(dstdevice);
    return known == null ? Optional.empty() : Optional.of(known.evidence);
  }

  private void admit(String dstdevice, Evidence evidence, long score) {
    if (bar != null && !ranksAbove(dstdevice, score, bar)) {
      return;
    }
    Kept entry = new Kept(evidence, score);
    kept.put(dstdevice, entry);
    maybeLead(dstdevice, entry);
    if (kept.size() >= 2 * capacity) {
      prune();
    }
  }

  /** Makes a kept device a leader when it overtakes the weakest one (or there is room). */
  private void maybeLead(String dstdevice, Kept entry) {
    if (leading.size() >= leaders) {
      Scored weakest = weakestLeader();
      if (!ranksAbove(dstdevice, entry.score, weakest)) {
        return;
      }
      leading.poll();
      kept.get(weakest.dstdevice()).leads = false;
    }
    leading.add(new Scored(dstdevice, entry.score));
    entry.leads = true;
  }

  /** The weakest leader at its current score: heads that grew since they were pushed move down. */
  private Scored weakestLeader() {
    while (true) {
      Scored head = leading.peek();
      long current = kept.get(head.dstdevice()).score;
      if (current == head.score()) {
        return head;
      }
      leading.poll();
      leading.add(new Scored(head.dstdevice(), current));
    }
  }

  private static boolean ranksAbove(String dstdevice, long score, Scored other) {
    return score > other.score()
        || (score == other.score() && dstdevice.compareTo(other.dstdevice()) < 0);
  }

  /** Keeps the best {@code capacity} devices; the worst of them is the new bar. */
  private void prune() {
    List<Scored> all = new ArrayList<>(kept.size());
    kept.forEach((device, entry) -> all.add(new Scored(device, entry.score)));
    all.sort(ORDER);
    // Leaders rank among the best `leaders` <= capacity devices: none is dropped.
    for (Scored dropped : all.subList(capacity, all.size())) {
      kept.remove(dropped.dstdevice());
    }
    bar = all.get(capacity - 1);
  }

  /**
   * How many devices rank above {@code score} for {@code dstdevice}, when this ranking holds all of
   * them: every device ranking above the bar is kept, so a probe above the bar is answered from the
   * kept devices alone. Empty for a probe at or below the bar: the caller counts in the store.
   */
  public synchronized OptionalLong countAbove(String dstdevice, long score) {
    if (bar != null && !ranksAbove(dstdevice, score, bar)) {
      return OptionalLong.empty();
    }
    long above = 0;
    for (Map.Entry<String, Kept> entry : kept.entrySet()) {
      long other = entry.getValue().score;
      if (other > score || (other == score && entry.getKey().compareTo(dstdevice) < 0)) {
        above++;
      }
    }
    return OptionalLong.of(above);
  }

  /** The first {@code n} devices with their evidence, best first; {@code n} is capped at the capacity. */
  public synchronized List<RankedEvidence> top(int n) {
    int size = Math.min(Math.min(n, capacity), kept.size());
    if (size <= 0) {
      return List.of();
    }
    List<RankedEvidence> top = new ArrayList<>(size);
    if (size <= leading.size()) {
      // The leaders at their current scores, sorted: a few hundred compares per query.
      List<Scored> current = new ArrayList<>(leading.size());
      for (Scored leader : leading) {
        current.add(new Scored(leader.dstdevice(), kept.get(leader.dstdevice()).score));
      }
      current.sort(ORDER);
      for (int i = 0; i < size; i++) {
        String device = current.get(i).dstdevice();
        top.add(new RankedEvidence(device, kept.get(device).evidence));
      }
      return top;
    }
    // The worst of the best `size` seen so far at the head, so each other entry costs a compare.
    PriorityQueue<Scored> best = new PriorityQueue<>(size, ORDER.reversed());
    for (Map.Entry<String, Kept> entry : kept.entrySet()) {
      long score = entry.getValue().score;
      if (best.size() < size) {
        best.add(new Scored(entry.getKey(), score));
      } else if (ranksAbove(entry.getKey(), score, best.peek())) {
        best.poll();
        best.add(new Scored(entry.getKey(), score));
      }
    }
    List<Scored> sorted = new ArrayList<>(best);
    sorted.sort(ORDER);
    for (Scored scored : sorted) {
      top.add(new RankedEvidence(scored.dstdevice(), kept.get(scored.dstdevice()).evidence));
    }
    return top;
  }
}
