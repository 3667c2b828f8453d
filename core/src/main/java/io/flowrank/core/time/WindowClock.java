package io.flowrank.core.time;

import io.flowrank.core.rules.FlowFields;

/**
 * Where each web flow goes in time, judged in the input's own order (docs/design.md, "Time"): the
 * window of its {@code time}, or {@link #UNTIMED} when it has none, or {@link #LATE} when its window
 * closed (its end plus the grace at or below the watermark before it). The watermark is the largest
 * valid {@code time} of the web flows before the flow, 0 before any; it only moves forward.
 *
 * <p>The same clock judges everywhere, so the stream and the batch agree flow by flow: the verifier
 * runs one over every input line in order; the producer stamps each frame with the watermark before
 * its first line; the streams app starts one per frame from that stamp and moves it line by line. A
 * frame without a stamp (another writer) is judged without lateness: its flows are never late.
 * Mutable, one thread.
 */
public final class WindowClock {

  /** The flow has no valid time: it counts in all time only. */
  public static final long UNTIMED = -1;

  /** The flow came after its window closed: it counts in all time only. */
  public static final long LATE = -2;

  private final Windowing windowing;
  private long watermark;
  private boolean judgesLateness = true;

  public WindowClock(Windowing windowing) {
    this.windowing = windowing;
  }

  public Windowing windowing() {
    return windowing;
  }

  /** Starts again from {@code watermark}, judging lateness or not. */
  public void reset(long watermark, boolean judgesLateness) {
    this.watermark = watermark;
    this.judgesLateness = judgesLateness;
  }

  /** The watermark before the next flow. */
  public long watermark() {
    return watermark;
  }

  /** Moves the watermark to {@code watermark}, if that is later (flows the reader did not see). */
  public void raise(long watermark) {
    this.watermark = Math.max(this.watermark, watermark);
  }

  /**
   * The window start of the web flow whose fields these are, {@link #UNTIMED} or {@link #LATE};
   * the watermark then takes its time into account.
   */
  public long place(FlowFields flow) {
    long time = flow.time();
    if (time == FlowFields.ABSENT) {
      return UNTIMED;
    }
    long start = windowing.startOf(time);
    long place = judgesLateness && !windowing.open(start, watermark) ? LATE : start;
    if (time > watermark) {
      watermark = time;
    }
    return place;
  }

  /**
   * The largest of {@code watermark} and the time of a web flow: how the producer, which judges no
   * window, moves the watermark it stamps.
   */
  public static long advance(long watermark, FlowFields flow) {
    return Math.max(watermark, flow.time());
  }
}
