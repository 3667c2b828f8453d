package io.flowrank.producer;

import java.util.function.LongSupplier;

/**
 * Paces the replay like the notebook's triggers: batch {@code i} (0-based; a file that fits in one
 * batch is one) starts no sooner than {@code start + i / filesPerSecond}. The schedule is absolute,
 * so a slow batch is caught up by the next ones instead of pushing every later one back. A rate of
 * 0 means as fast as possible. The clock and the sleeper are injectable so tests run without
 * waiting.
 */
public final class Pacer {

  /** Sleeps for a while; may return early (the pacer then checks the clock again) or throw. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private static final double NANOS_PER_SECOND = 1e9;

  private final double filesPerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long startNanos;
  private boolean started;

  public Pacer(double filesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (Double.isNaN(filesPerSecond) || Double.isInfinite(filesPerSecond) || filesPerSecond < 0) {
      throw new IllegalArgumentException("files per second must be a finite number >= 0");
    }
    this.filesPerSecond = filesPerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /** Marks the start of the schedule; the first {@link #awaitTurn} call does it when not called. */
  public void start() {
    startNanos = nanoClock.getAsLong();
    started = true;
  }

  /** Blocks until batch {@code index} (0-based, counting only batches this run sends) may start. */
  public void awaitTurn(int index) throws InterruptedException {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0");
    }
    if (!started) {
      start();
    }
    if (filesPerSecond == 0) {
      return;
    }
    long due = startNanos + offsetNanos(index);
    long remaining;
    while ((remaining = due - nanoClock.getAsLong()) > 0) {
      sleeper.sleep(remaining);
    }
  }

  /**
   * How long after the start batch {@code index} is due, capped so that adding it cannot overflow.
   */
  long offsetNanos(int index) {
    if (filesPerSecond == 0) {
      return 0;
    }
    double nanos = index * NANOS_PER_SECOND / filesPerSecond;
    return nanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) Math.ceil(nanos);
  }
}
