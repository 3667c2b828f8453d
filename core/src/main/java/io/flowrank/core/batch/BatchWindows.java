package io.flowrank.core.batch;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The one-shot count per window of data time (docs/design.md, "Time"), judged in the input's order
 * as the stream judges it: every device's evidence per window, the events, the web flows left out
 * of every window.
 *
 * @param windowing the windows
 * @param rule when a device becomes a web server
 * @param byWindow per window start, every device's evidence in it (windows with flows only)
 * @param events the devices that became web servers, each once with its earliest window that
 *     qualifies, by dstdevice
 * @param late web flows after their window closed
 * @param untimed web flows without a valid time
 * @param watermark the largest valid time of a web flow (0 when none): the data time the input
 *     reached
 */
public record BatchWindows(
    Windowing windowing,
    ServerRule rule,
    NavigableMap<Long, Map<String, Evidence>> byWindow,
    List<ServerEvent> events,
    long late,
    long untimed,
    long watermark) {

  public BatchWindows {
    byWindow = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(byWindow));
    events = List.copyOf(events);
  }

  /** The windows still kept at the end of the input, as the streams app keeps them. */
  public NavigableMap<Long, Map<String, Evidence>> held() {
    NavigableMap<Long, Map<String, Evidence>> held = new TreeMap<>();
    byWindow.forEach(
        (start, devices) -> {
          if (windowing.held(start, watermark)) {
            held.put(start, devices);
          }
        });
    return held;
  }

  /** The web flows counted in the window starting at {@code start}. */
  public long webFlows(long start) {
    Map<String, Evidence> devices = byWindow.get(start);
    return devices == null ? 0 : devices.values().stream().mapToLong(Evidence::count).sum();
  }
}
