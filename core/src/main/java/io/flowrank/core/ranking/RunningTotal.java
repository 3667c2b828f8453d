package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Total;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A measure summed over every device of a partition, as an unsigned 128-bit number: one writer
 * (the partition's stream thread), any number of readers, none of them taking a lock or making
 * the writer wait.
 *
 * <p>The writer stores the low half with release semantics, which costs nothing on x86. The high
 * half moves only when a sum passes 2^64 or a device's own sum does (bytes, from hostile lines):
 * around such a move the writer makes {@code version} odd, and a reader that saw the version
 * change reads again, so it never returns one half old and the other new.
 */
final class RunningTotal {

  private static final VarHandle HIGH;
  private static final VarHandle LOW;
  private static final VarHandle VERSION;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HIGH = lookup.findVarHandle(RunningTotal.class, "high", long.class);
      LOW = lookup.findVarHandle(RunningTotal.class, "low", long.class);
      VERSION = lookup.findVarHandle(RunningTotal.class, "version", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Written by the one writer only, through the handles above.
  @SuppressWarnings("unused")
  private long high;

  @SuppressWarnings("unused")
  private long low;

  @SuppressWarnings("unused")
  private long version;

  /** Adds the unsigned 128-bit {@code grownHigh:grownLow}; the writer's side. */
  void add(long grownHigh, long grownLow) {
    long oldLow = (long) LOW.get(this);
    long sum = oldLow + grownLow;
    long carry = Long.compareUnsigned(sum, oldLow) < 0 ? 1 : 0;
    if (grownHigh == 0 && carry == 0) {
      LOW.setRelease(this, sum);
      return;
    }
    long at = (long) VERSION.get(this);
    VERSION.setRelease(this, at + 1);
    // Release orders the odd version before both halves, for a reader that sees either.
    HIGH.setRelease(this, (long) HIGH.get(this) + grownHigh + carry);
    LOW.setRelease(this, sum);
    VERSION.setRelease(this, at + 2);
  }

  /** Adds {@code grown}, at least 0; the writer's side. */
  void add(long grown) {
    add(0, grown);
  }

  /** The sum as of one moment; any thread. */
  Total read() {
    while (true) {
      long before = (long) VERSION.getAcquire(this);
      long readHigh = (long) HIGH.getAcquire(this);
      long readLow = (long) LOW.getAcquire(this);
      long after = (long) VERSION.getAcquire(this);
      if (before == after && (before & 1) == 0) {
        return new Total(readHigh, readLow);
      }
      Thread.onSpinWait();
    }
  }
}
