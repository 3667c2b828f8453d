package io.flowrank.core.time;

import java.time.Duration;

/**
 * Tumbling windows of data time (docs/design.md, "Time"): a window holds the flows whose {@code
 * time} is in {@code [start, start + size)}, its start a multiple of the size; it takes flows for
 * {@code grace} after its end, measured against the data-time watermark ({@link WindowClock}), and
 * is kept for {@code retention} of data time after its end. All in seconds of data time, the unit
 * of the flows' {@code time}.
 *
 * @param size the window's length, at least 1 s
 * @param grace how far past a window's end the watermark may be and the window still take a flow
 * @param retention how long past its end a window is kept; at least the grace
 */
public record Windowing(long size, long grace, long retention) {

  /** The longest setting accepted: far beyond any data set, and far from overflowing a long. */
  public static final long MAX_SECONDS = 1L << 40;

  /** {@code stream --window 1h --grace 5m --window-retention 48h}. */
  public static final Windowing DEFAULT = new Windowing(3_600, 300, 172_800);

  /**
   * @throws IllegalArgumentException with a message fit for the user when a setting is out of range
   */
  public Windowing {
    if (size < 1 || size > MAX_SECONDS) {
      throw new IllegalArgumentException("the window must be 1s or longer, got " + size + "s");
    }
    if (grace < 0 || grace > MAX_SECONDS) {
      throw new IllegalArgumentException("the grace must not be negative, got " + grace + "s");
    }
    if (retention < grace || retention > MAX_SECONDS) {
      throw new IllegalArgumentException(
          "the window retention (" + retention + "s) must be at least the grace (" + grace + "s)");
    }
  }

  /** Windows of these durations, each a whole number of seconds. */
  public static Windowing of(Duration size, Duration grace, Duration retention) {
    return new Windowing(
        seconds("window", size), seconds("grace", grace), seconds("window retention", retention));
  }

  private static long seconds(String what, Duration duration) {
    if (duration.getNano() != 0) {
      throw new IllegalArgumentException(
          "the " + what + " must be whole seconds (data time counts seconds), got " + duration);
    }
    return duration.getSeconds();
  }

  /** The start of the window holding {@code time} (0 ≤ time). */
  public long startOf(long time) {
    return time - time % size;
  }

  /** The end of the window starting at {@code start}: the first second it does not hold. */
  public long endOf(long start) {
    return start + size;
  }

  /** Whether a flow at {@code time}, the watermark before it at {@code watermark}, is late. */
  public boolean late(long time, long watermark) {
    return !open(startOf(time), watermark);
  }

  /** Whether the window starting at {@code start} still takes flows at {@code watermark}. */
  public boolean open(long start, long watermark) {
    // start + size + grace > watermark, written so that nothing overflows.
    return start > watermark - size - grace;
  }

  /**
   * The start of the earliest window still open at {@code watermark} (0 at least): every window
   * before it is closed, so a flow of it that comes later is late.
   */
  public long firstOpen(long watermark) {
    return Math.max(0, Math.floorDiv(watermark - size - grace, size) * size + size);
  }

  /** Whether the window starting at {@code start} is still kept at {@code watermark}. */
  public boolean held(long start, long watermark) {
    return start > watermark - size - retention;
  }
}
