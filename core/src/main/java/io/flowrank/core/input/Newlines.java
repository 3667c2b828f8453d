package io.flowrank.core.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds line feeds in a byte array eight bytes at a time. Every line of every input passes through
 * here twice (the reader splits files, the streams app splits frames), so it reads the array as
 * little-endian longs and tests a whole word for a {@code '\n'} byte with a handful of arithmetic
 * operations, instead of one compare-and-branch per byte.
 */
public final class Newlines {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LF = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Newlines() {}

  /** The index of the first {@code '\n'} in {@code buffer[from, end)}, or -1 when there is none. */
  public static int indexOf(byte[] buffer, int from, int end) {
    int i = from;
    for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
      long word = (long) LONGS.get(buffer, i) ^ LF;
      // A byte of `word` is zero where the input byte is '\n'; the lowest flagged byte is exact
      // (a borrow can only flag bytes above a real zero byte).
      long zeros = (word - ONES) & ~word & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
