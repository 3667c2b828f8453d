package io.flowrank.streams.topology;

import io.flowrank.core.evidence.Tally;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One device's web flows of one frame, summed per window of data time: few entries (nearly always
 * one: a frame of a thousand lines spans a third of a second of LANL data), sorted by window start.
 * An entry may share the device's all-time tally when it holds every one of its flows (what a batch
 * read back says, {@link EvidenceBatch}); the others come from, and go back to, a pool of spare
 * tallies. Mutable, one thread; {@link #clear()} readies it for the next device.
 */
final class WindowTallies {

  private final ArrayDeque<Tally> spare;
  private long[] starts = new long[2];
  private Tally[] tallies = new Tally[2];
  private boolean[] owned = new boolean[2];
  private int size;

  /** @param spare where tallies come from and go back to, shared by the owner's instances */
  WindowTallies(ArrayDeque<Tally> spare) {
    this.spare = spare;
  }

  int size() {
    return size;
  }

  /** The start of entry {@code i}, in seconds of data time. */
  long start(int i) {
    return starts[i];
  }

  Tally tally(int i) {
    return tallies[i];
  }

  /** The tally of the window starting at {@code start}, an empty one added when new. */
  Tally at(long start) {
    int at = find(start);
    if (at >= 0) {
      return tallies[at];
    }
    Tally tally = spare.isEmpty() ? new Tally() : spare.pop();
    insert(-at - 1, start, tally, true);
    return tally;
  }

  /** Adds the window starting at {@code start} with a tally owned elsewhere (not cleared here). */
  void share(long start, Tally tally) {
    int at = find(start);
    if (at >= 0) {
      throw new IllegalArgumentException("window " + start + " twice");
    }
    insert(-at - 1, start, tally, false);
  }

  /** Gives the owned tallies back, cleared. */
  void clear() {
    for (int i = 0; i < size; i++) {
      if (owned[i]) {
        tallies[i].clear();
        spare.push(tallies[i]);
      }
      tallies[i] = null;
    }
    size = 0;
  }

  private int find(long start) {
    // Nearly always one entry: a scan beats a binary search.
    for (int i = 0; i < size; i++) {
      if (starts[i] == start) {
        return i;
      }
      if (starts[i] > start) {
        return -i - 1;
      }
    }
    return -size - 1;
  }

  private void insert(int at, long start, Tally tally, boolean own) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      tallies = Arrays.copyOf(tallies, size * 2);
      owned = Arrays.copyOf(owned, size * 2);
    }
    System.arraycopy(starts, at, starts, at + 1, size - at);
    System.arraycopy(tallies, at, tallies, at + 1, size - at);
    System.arraycopy(owned, at, owned, at + 1, size - at);
    starts[at] = start;
    tallies[at] = tally;
    owned[at] = own;
    size++;
  }
}
