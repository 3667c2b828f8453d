package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.Total;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The best {@code capacity} devices of one partition by one {@link Measure}, kept up to date as
 * their evidence grows, so a top-N query looks at the kept devices instead of every device of the
 * partition; each kept device's evidence is kept with it, so the answer needs no store read.
 *
 * <p>Two tiers, both exact because every measure only grows:
 *
 * <ul>
 *   <li>the <em>kept</em> devices and a <em>bar</em>. A device outside the kept set gets in when an
 *       update ranks it above the bar; when the set holds twice the capacity, it is pruned to the
 *       best {@code capacity} and the worst of them becomes the new bar. Every device outside ranks
 *       below the bar, the bar only rises, and at least {@code capacity} kept devices rank at or
 *       above it, so the kept set holds the partition's top {@code capacity}. A prune's sort is
 *       paid once per {@code capacity} admissions.
 *   <li>the <em>leaders</em>: the best {@code leaders} kept devices in a heap, weakest first, its
 *       entries moved only when a device overtakes the weakest leader (a leader that grows is
 *       re-placed lazily, when it reaches the head). Each leader also has a <em>seat</em>, a slot
 *       of an array readers see without the lock: a device that overtakes the weakest leader takes
 *       its seat, the seats' version odd meanwhile. {@link #top(int)} up to that size reads the
 *       seats, again when their version moved, and sorts their devices at their current evidence;
 *       a larger N selects from the kept devices under the lock.
 * </ul>
 *
 * <p>The rankings of a {@link DeviceRankings} share one entry per device ({@link KeptDevice}: its
 * evidence, and its score and tiers per measure) in one hash map, so an update of a device costs
 * one look-up for all of them; each ranking lists the devices it keeps. A ranking built on its own
 * is the one ranking of a set of its own.
 *
 * <p>Order: the measure descending, then dstdevice ascending; byte sums above 2^63 - 1 rank as
 * equal ({@link Measure#score}). One writer (the stream thread of the partition) and any number of
 * readers (HTTP threads). {@link #top(int)} up to {@code leaders} and {@link #total()} take no
 * lock: a reader never waits for the writer, which on a busy machine may lose its core while it
 * holds the lock (docs/design.md §3.3). Such a top-N gives each device's evidence as of one moment;
 * while the writer runs, the devices may be read a few microseconds apart (never one twice, none
 * missed: the leaders read are those of one moment). Every other method holds the lock of the set.
 */
public final class MeasureRanking {

  /** How many leaders a ranking keeps sorted when not told otherwise: a dashboard's top 100. */
  public static final int DEFAULT_LEADERS = 128;

  // Reads of the seats without the lock before a reader takes it: a writer that changes the
  // leaders on every record could otherwise keep a reader reading again.
  private static final int SEAT_READS = 4;

  /**
   * A kept device and its score at some moment: a leader when pushed (with its seat), the bar when
   * pruned.
   */
  private record Scored(KeptDevice device, long score, int seat) {}

  private final DeviceRankings owner;
  private final int slot;
  private final Measure measure;
  private final int capacity;
  private final int leaders;
  // Best first, worst last, after each prune; admissions are appended.
  private final List<KeptDevice> kept = new ArrayList<>();
  private final Comparator<KeptDevice> order;
  // The leaders, weakest at the head. An entry holds the device's score when it was pushed; a
  // leader that grew since is re-pushed when it reaches the head, so growing a leader costs
  // nothing here, and only overtaking the weakest one moves entries.
  private final PriorityQueue<Scored> leading;
  // The leaders again, one per seat, for readers without the lock: a seat is set (with release
  // semantics, after the device's evidence) when a device starts to lead, and changes only when
  // another overtakes it. Seats fill from 0 and never empty. Odd while a seat changes, so a reader
  // that saw it move reads the seats again: the leaders it gets are those of one moment.
  private final AtomicReferenceArray<KeptDevice> seats;
  private final AtomicLong seatsVersion = new AtomicLong();
  // The worst kept device after the last prune; none before the first prune (everything gets in).
  private Scored bar;
  // The measure summed over every device of the partition: written under the lock, read without.
  private final RunningTotal total = new RunningTotal();

  public MeasureRanking(Measure measure, int capacity) {
    this(measure, capacity, Math.min(capacity, DEFAULT_LEADERS));
  }

  /** A ranking on its own: {@link #put} updates it alone. */
  public MeasureRanking(Measure measure, int capacity, int leaders) {
    this(null, 0, measure, capacity, leaders);
  }

  /** The ranking of {@code slot} in {@code owner}'s set; null: a set of its own. */
  MeasureRanking(DeviceRankings owner, int slot, Measure measure, int capacity, int leaders) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (leaders < 1 || leaders > capacity) {
      throw new IllegalArgumentException("leaders must be 1.." + capacity + ", was " + leaders);
    }
    this.owner = owner == null ? new DeviceRankings(this) : owner;
    this.slot = slot;
    this.measure = measure;
    this.capacity = capacity;
    this.leaders = leaders;
    this.order =
        (a, b) -> {
          int byScore = Long.compare(b.score(slot), a.score(slot));
          return byScore != 0 ? byScore : a.dstdevice.compareTo(b.dstdevice);
        };
    this.leading =
        new PriorityQueue<>(
            (a, b) -> {
              int byScore = Long.compare(a.score(), b.score());
              return byScore != 0 ? byScore : b.device().dstdevice.compareTo(a.device().dstdevice);
            });
    this.seats = new AtomicReferenceArray<>(leaders);
  }

  public Measure measure() {
    return measure;
  }

  /**
   * The device's evidence is now {@code now}; it was {@code before} ({@link Evidence#NONE} for a
   * device never seen), which the total loses. Every measure of {@code now} is at least that of
   * {@code before}. Goes to every ranking of the set this one belongs to ({@link
   * DeviceRankings#put}): to this one alone when it was built on its own.
   */
  public void put(String dstdevice, Evidence now, Evidence before) {
    owner.put(dstdevice, now, before);
  }

  /** The measure summed over every device of the partition. */
  public Total total() {
    return total.read();
  }

  /**
   * The evidence of a device this ranking keeps: what the caller would otherwise read from its
   * store.
   */
  public Optional<Evidence> evidenceOf(String dstdevice) {
    synchronized (owner) {
      KeptDevice known = owner.find(dstdevice);
      return known == null || !known.keptBy(slot) ? Optional.empty() : Optional.of(known.evidence);
    }
  }

  // The writer's side, called by the owner under its lock for each update of a device.

  /** What the device's measure grew by, added to the partition's: no allocation. */
  void addToTotal(Evidence now, Evidence before) {
    switch (measure) {
      case BYTES_OUT, BYTES_IN -> {
        Total to = measure.total(now);
        Total from = measure.total(before);
        // to - from, then added: 128-bit arithmetic with its borrow and carry.
        long grownLow = to.low() - from.low();
        long grownHigh =
            to.high() - from.high() - (Long.compareUnsigned(to.low(), from.low()) < 0 ? 1 : 0);
        total.add(grownHigh, grownLow);
      }
      default -> total.add(measure.score(now) - measure.score(before));
    }
  }

  /**
   * Takes the device's new score: its entry when any ranking of the set keeps it, else null.
   *
   * @return the entry, made when this ranking admits a device the set did not keep, else {@code
   *     device}
   */
  KeptDevice update(KeptDevice device, String dstdevice, Evidence evidence, long score) {
    if (device != null && device.keptBy(slot)) {
      if (score != device.score(slot)) {
        device.score(slot, score);
        if (!device.leads(slot)) {
          maybeLead(device);
        }
      }
      return device;
    }
    if (bar != null && !ranksAbove(dstdevice, score, bar)) {
      return device;
    }
    KeptDevice entry = device != null ? device : owner.keep(dstdevice, evidence);
    entry.keep(slot, score);
    kept.add(entry);
    maybeLead(entry);
    return entry;
  }

  /** Makes a kept device a leader when it overtakes the weakest one (or there is room). */
  private void maybeLead(KeptDevice device) {
    int seat = leading.size();
    if (seat >= leaders) {
      Scored weakest = weakestLeader();
      if (!ranksAbove(device.dstdevice, device.score(slot), weakest)) {
        return;
      }
      leading.poll();
      weakest.device().leads(slot, false);
      seat = weakest.seat();
    }
    leading.add(new Scored(device, device.score(slot), seat));
    device.leads(slot, true);
    long version = seatsVersion.getPlain();
    seatsVersion.setRelease(version + 1);
    seats.setRelease(seat, device);
    seatsVersion.setRelease(version + 2);
  }

  /** The weakest leader at its current score: heads that grew since they were pushed move down. */
  private Scored weakestLeader() {
    while (true) {
      Scored head = leading.peek();
      long current = head.device().score(slot);
      if (current == head.score()) {
        return head;
      }
      leading.poll();
      leading.add(new Scored(head.device(), current, head.seat()));
    }
  }

  private static boolean ranksAbove(String dstdevice, long score, Scored other) {
    return score > other.score()
        || (score == other.score() && dstdevice.compareTo(other.device().dstdevice) < 0);
  }

  /**
   * When the kept devices are twice the capacity: keeps the best {@code capacity}, the worst of
   * them the new bar; a device no ranking of the set keeps any more leaves the set.
   */
  void pruneWhenFull() {
    if (kept.size() < 2 * capacity) {
      return;
    }
    kept.sort(order);
    // Leaders rank among the best `leaders` <= capacity devices: none is dropped.
    List<KeptDevice> dropped = kept.subList(capacity, kept.size());
    for (KeptDevice device : dropped) {
      if (device.drop(slot)) {
        owner.forget(device);
      }
    }
    dropped.clear();
    KeptDevice worst = kept.get(capacity - 1);
    bar = new Scored(worst, worst.score(slot), -1);
  }

  /**
   * How many devices rank above {@code score} for {@code dstdevice}, when this ranking holds all of
   * them: every device ranking above the bar is kept, so a probe above the bar is answered from the
   * kept devices alone. Empty for a probe at or below the bar: the caller counts in the store.
   */
  public OptionalLong countAbove(String dstdevice, long score) {
    synchronized (owner) {
      if (bar != null && !ranksAbove(dstdevice, score, bar)) {
        return OptionalLong.empty();
      }
      long above = 0;
      for (KeptDevice device : kept) {
        long other = device.score(slot);
        if (other > score || (other == score && device.dstdevice.compareTo(dstdevice) < 0)) {
          above++;
        }
      }
      return OptionalLong.of(above);
    }
  }

  /**
   * The first {@code n} devices with their evidence, best first; {@code n} is capped at the
   * capacity.
   */
  public List<RankedEvidence> top(int n) {
    if (n <= 0) {
      return List.of();
    }
    if (n <= leaders) {
      return leadersTop(n);
    }
    synchronized (owner) {
      int size = Math.min(Math.min(n, capacity), kept.size());
      if (size <= 0) {
        return List.of();
      }
      // The worst of the best `size` seen so far at the head, so each other entry costs a compare.
      PriorityQueue<KeptDevice> worstFirst = new PriorityQueue<>(size, order.reversed());
      for (KeptDevice device : kept) {
        if (worstFirst.size() < size) {
          worstFirst.add(device);
        } else if (order.compare(device, worstFirst.peek()) < 0) {
          worstFirst.poll();
          worstFirst.add(device);
        }
      }
      List<KeptDevice> best = new ArrayList<>(worstFirst);
      best.sort(order);
      List<RankedEvidence> top = new ArrayList<>(size);
      for (KeptDevice device : best.subList(0, size)) {
        top.add(new RankedEvidence(device.dstdevice, device.evidence));
      }
      return top;
    }
  }

  /**
   * The first {@code n} (at most {@code leaders}) devices from the seats, without the lock unless
   * the leaders keep changing while it reads: while fewer than {@code leaders} devices lead, every
   * kept device does, so the seats hold the top {@code n} either way. Each device is sorted at the
   * evidence read here, once.
   */
  private List<RankedEvidence> leadersTop(int n) {
    List<RankedEvidence> read = new ArrayList<>(leaders);
    boolean whole = false;
    for (int attempt = 0; attempt < SEAT_READS && !whole; attempt++) {
      read.clear();
      long before = seatsVersion.getAcquire();
      readSeats(read);
      whole = (before & 1) == 0 && before == seatsVersion.getAcquire();
    }
    if (!whole) {
      read.clear();
      synchronized (owner) {
        readSeats(read);
      }
    }
    read.sort(RankedEvidence.order(measure));
    return read.size() <= n ? read : new ArrayList<>(read.subList(0, n));
  }

  private void readSeats(List<RankedEvidence> into) {
    for (int seat = 0; seat < leaders; seat++) {
      KeptDevice device = seats.getAcquire(seat);
      if (device == null) {
        return;
      }
      into.add(new RankedEvidence(device.dstdevice, device.evidence()));
    }
  }
}
