package io.flowrank.streams.topology;

/**
 * The (device, client) pairs of one task's {@code webserver-clients} in memory, each with the
 * latest window the store holds for it, so checking a client costs no store read and no key bytes:
 * a pair is the numbers its device and client have in the task's {@link NameTable}, in one {@code
 * long}, kept in an open-addressing table of primitives. Filled from the store when the task
 * starts; every pair the counter writes is put here too, so while it is {@link #complete()} a pair
 * it does not hold is certainly not in the store.
 *
 * <p>Bounded ({@link TopologySettings#pairsInMemory()}; by default a table of 64 MiB at most): past
 * that many pairs it keeps those it holds and takes no more (nor any pair of a name the name table
 * does not hold); from then on a pair it does not hold is asked of the store, exactly as before. A
 * task's pairs are a partition's share of every (device, client) pair ever seen: the generator's
 * 10M rows give 487,446 over all partitions, a real LANL day about 8.5M.
 *
 * <p>Why: a pair read from the store, the LRU of recent pairs and the Bloom filter it replaces cost
 * about a third of the streams app's CPU on 10M rows, and the LRU's rarely taken branches made the
 * JIT compile the counter's loop again and again.
 */
final class PairIndex {

  /** The answer of {@link #latest} for a pair the index does not hold. */
  static final long ABSENT = Long.MIN_VALUE;

  private static final int FIRST_SLOTS = 1 << 12;

  private final int maxPairs;
  // key 0 = empty slot; a pair's key is never 0 (its device number is stored plus one).
  private long[] keys = new long[FIRST_SLOTS];
  private long[] latest = new long[FIRST_SLOTS];
  private int size;
  private boolean complete = true;

  /**
   * @param maxPairs the pairs it holds at most
   */
  PairIndex(int maxPairs) {
    this.maxPairs = maxPairs;
  }

  /** True while every pair of the store is here: a pair not found is new. */
  boolean complete() {
    return complete;
  }

  int size() {
    return size;
  }

  /**
   * The latest window of the pair ({@link ClientPairs#NO_WINDOW} for none), or {@link #ABSENT} when
   * the index does not hold it.
   *
   * @param device the device's number in the name table, or {@link NameTable#NOT_HELD}
   * @param client the client's, likewise
   */
  long latest(int device, int client) {
    if (device < 0 || client < 0) {
      return ABSENT;
    }
    long key = key(device, client);
    long[] table = keys;
    int mask = table.length - 1;
    for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
      long at = table[slot];
      if (at == key) {
        return latest[slot];
      }
      if (at == 0) {
        return ABSENT;
      }
    }
  }

  /** Holds the pair with its latest window; a new pair past the bound makes the index partial. */
  void put(int device, int client, long window) {
    if (device < 0 || client < 0) {
      complete = false;
      return;
    }
    long key = key(device, client);
    int mask = keys.length - 1;
    int slot = slot(key, mask);
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] == key) {
      latest[slot] = window;
      return;
    }
    if (size >= maxPairs) {
      complete = false;
      return;
    }
    keys[slot] = key;
    latest[slot] = window;
    size++;
    if (size * 4L > keys.length * 3L) {
      grow();
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldLatest = latest;
    keys = new long[oldKeys.length * 2];
    latest = new long[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long key = oldKeys[i];
      if (key != 0) {
        int slot = slot(key, mask);
        while (keys[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        latest[slot] = oldLatest[i];
      }
    }
  }

  /** Forgets every pair: what the store holds is read again. */
  void clear() {
    keys = new long[FIRST_SLOTS];
    latest = new long[FIRST_SLOTS];
    size = 0;
    complete = true;
  }

  private static long key(int device, int client) {
    return ((long) (device + 1) << 32) | (client & 0xFFFFFFFFL);
  }

  private static int slot(long key, int mask) {
    // The finaliser of SplitMix64: consecutive numbers spread over the whole table.
    long h = key;
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return (int) (h ^ (h >>> 31)) & mask;
  }
}
