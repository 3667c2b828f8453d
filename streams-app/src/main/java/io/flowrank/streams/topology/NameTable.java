package io.flowrank.streams.topology;

import io.flowrank.core.binary.Varints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names one counting task meets (devices and clients), each held once with a small number, as
 * {@link EvidenceBatch} reads them: looked up by their UTF-8 bytes in the batch and held as bytes
 * in one array, so {@link PairIndex} keys its pairs by two numbers.
 *
 * <p>Why: the pair index kept every name as a String in hash maps to numbers, about 120 bytes a
 * name; with a million devices (bench (d)) that was most of the streams app's live heap, and its
 * full collections of a quarter of a second were the p99 of {@code /api/top}. Here a name costs its
 * bytes, a six-byte header and at most two slots of eight bytes.
 *
 * <p>Bounded: past {@code maxNames} names a new one gets {@link #NOT_HELD}, and the pair index
 * falls back to the store for its pairs. Not thread-safe: one task's stream thread.
 */
final class NameTable implements Varints.NameNumbers {

  /** The number of a name the table does not hold (it is full). */
  static final int NOT_HELD = -1;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int FIRST_NAMES = 1 << 10;
  private static final int HEADER = 6;
  private static final int MAX_LENGTH = 0xFFFF;

  private final int maxNames;
  // Per slot: a name's hash in the high half, its place in the arena plus one in the low half; 0 =
  // empty. At least twice as many slots as names.
  private long[] slots = new long[FIRST_NAMES * 2];
  // Per name, one after the other: its number (4 bytes), its length (2), its UTF-8 bytes. A look-up
  // reads its slot and then one place here.
  private byte[] arena = new byte[FIRST_NAMES * 16];
  private int used;
  private int size;

  /**
   * @param maxNames the names it holds at most
   */
  NameTable(int maxNames) {
    this.maxNames = maxNames;
  }

  /**
   * The number of the name whose UTF-8 bytes are {@code source[offset, offset + length)}, given it
   * the first time; {@link #NOT_HELD} for a new name once full (or one longer than 65,535 bytes).
   */
  @Override
  public int number(byte[] source, int offset, int length) {
    int hash = hash(source, offset, length);
    int mask = slots.length - 1;
    int slot = hash & mask;
    byte[] held = arena;
    for (long at = slots[slot]; at != 0; at = slots[slot]) {
      if ((int) (at >>> 32) == hash) {
        int place = (int) at - 1;
        int heldLength = ((held[place + 4] & 0xFF) << 8) | (held[place + 5] & 0xFF);
        int from = place + HEADER;
        if (heldLength == length
            && Arrays.equals(held, from, from + length, source, offset, offset + length)) {
          return ((held[place] & 0xFF) << 24)
              | ((held[place + 1] & 0xFF) << 16)
              | ((held[place + 2] & 0xFF) << 8)
              | (held[place + 3] & 0xFF);
        }
      }
      slot = (slot + 1) & mask;
    }
    if (size >= maxNames || length > MAX_LENGTH) {
      return NOT_HELD;
    }
    return add(slot, hash, source, offset, length);
  }

  private int add(int slot, int hash, byte[] source, int offset, int length) {
    int number = size++;
    if (used + HEADER + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + HEADER + length));
    }
    int place = used;
    arena[place] = (byte) (number >>> 24);
    arena[place + 1] = (byte) (number >>> 16);
    arena[place + 2] = (byte) (number >>> 8);
    arena[place + 3] = (byte) number;
    arena[place + 4] = (byte) (length >>> 8);
    arena[place + 5] = (byte) length;
    System.arraycopy(source, offset, arena, place + HEADER, length);
    used += HEADER + length;
    slots[slot] = ((long) hash << 32) | (place + 1);
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return number;
  }

  /** The number of {@code name}, as {@link #number(byte[], int, int)} of its UTF-8 bytes. */
  int number(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return number(utf8, 0, utf8.length);
  }

  int size() {
    return size;
  }

  private void rehash(int slotCount) {
    long[] grown = new long[slotCount];
    int mask = slotCount - 1;
    for (long at : slots) {
      if (at != 0) {
        int slot = (int) (at >>> 32) & mask;
        while (grown[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        grown[slot] = at;
      }
    }
    slots = grown;
  }

  private static int hash(byte[] source, int offset, int length) {
    // Eight bytes at a time (the LANL names are about ten: a word and a tail), then the finaliser
    // of MurmurHash3's 64-bit variant, so names that differ in their last characters (Comp123,
    // Comp124) spread over the whole table.
    long h = length * 0x9E3779B97F4A7C15L;
    int end = offset + length;
    int at = offset;
    for (; at + Long.BYTES <= end; at += Long.BYTES) {
      h = (h ^ (long) LONGS.get(source, at)) * 0xC2B2AE3D27D4EB4FL;
      h = Long.rotateLeft(h, 31);
    }
    if (at < end) {
      long tail;
      if (length >= Long.BYTES) {
        tail = (long) LONGS.get(source, end - Long.BYTES); // overlaps bytes hashed already
      } else {
        tail = 0;
        for (int shift = 0; at < end; at++, shift += 8) {
          tail |= (source[at] & 0xFFL) << shift;
        }
      }
      h = (h ^ tail) * 0xC2B2AE3D27D4EB4FL;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
