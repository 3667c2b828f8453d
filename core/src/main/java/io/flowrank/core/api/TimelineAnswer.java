package io.flowrank.core.api;

import java.util.List;

/**
 * The answer of {@code GET /api/devices/{dstdevice}/timeline}: the device's evidence in each window
 * held that counted some of its web flows, oldest first (empty when none did).
 */
public record TimelineAnswer(String dstdevice, List<Point> windows) {

  public TimelineAnswer {
    windows = List.copyOf(windows);
  }

  /** One window: its bounds and the device's evidence there. */
  public record Point(long start, long end, DeviceAnswer evidence) {}
}
