package io.flowrank.streams.topology;

import io.flowrank.core.evidence.Evidence;
import java.util.Objects;

/**
 * A device's value in {@code webserver-counts} ({@link EvidenceFormat}): its evidence of all time,
 * and its evidence in the latest window of data time that counted it. Its earlier windows are in
 * {@code webserver-window-counts}: each (device, window) lives in exactly one of the two stores, so
 * an update of the window a device is in (nearly every update) writes the store once, not twice.
 *
 * @param allTime the evidence of all its web flows
 * @param latestWindow the start of its latest window, or {@link #NO_WINDOW}
 * @param latest its evidence in that window ({@link Evidence#NONE} with no window)
 */
public record DeviceCounts(Evidence allTime, long latestWindow, Evidence latest) {

  /** A device counted in no window (windows off, or only untimed or late flows). */
  public static final long NO_WINDOW = -1;

  public DeviceCounts {
    Objects.requireNonNull(allTime, "allTime");
    Objects.requireNonNull(latest, "latest");
  }

  /** A device counted in all time alone. */
  public static DeviceCounts allTime(Evidence allTime) {
    return new DeviceCounts(allTime, NO_WINDOW, Evidence.NONE);
  }

  public boolean inWindow() {
    return latestWindow != NO_WINDOW;
  }
}
