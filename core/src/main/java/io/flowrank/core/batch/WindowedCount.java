package io.flowrank.core.batch;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.WindowClock;
import io.flowrank.core.time.Windowing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums web flows per window of data time as {@link BatchCounter} reads them, in the input's order:
 * one {@link WindowClock} over every line (the producer's order: files in natural order, lines in
 * order), so a flow is late exactly when the stream finds it late. A device becomes a web server in
 * the earliest window that qualifies it (docs/design.md §1.6), with that window's figures as of the
 * flow that made it qualify. Mutable, one thread.
 */
final class WindowedCount {

  private final WindowClock clock;
  private final ServerRule rule;
  private final Map<Long, Map<String, Tally>> byWindow = new HashMap<>();
  // Per device, its event: the earliest window that qualified so far.
  private final Map<String, ServerEvent> events = new HashMap<>();
  private long late;
  private long untimed;

  WindowedCount(Windowing windowing, ServerRule rule) {
    this.clock = new WindowClock(windowing);
    this.rule = rule;
  }

  /** One web flow, in input order; {@code client} is its srcdevice (a shared copy) or null. */
  void add(String dstdevice, FlowFields flow, String client) {
    long start = clock.place(flow);
    if (start == WindowClock.UNTIMED) {
      untimed++;
      return;
    }
    if (start == WindowClock.LATE) {
      late++;
      return;
    }
    Tally tally =
        byWindow
            .computeIfAbsent(start, s -> new HashMap<>())
            .computeIfAbsent(dstdevice, d -> new Tally());
    boolean qualified = rule.qualifies(tally.answered(), tally.clientCount());
    tally.add(flow, client);
    ServerEvent event = events.get(dstdevice);
    if (!qualified
        && rule.qualifies(tally.answered(), tally.clientCount())
        && (event == null || event.window() > start)) {
      events.put(
          dstdevice,
          new ServerEvent(
              dstdevice,
              start,
              tally.answered(),
              tally.clientCount(),
              tally.count(),
              tally.firstSeen()));
    }
  }

  BatchWindows result() {
    TreeMap<Long, Map<String, Evidence>> evidence = new TreeMap<>();
    byWindow.forEach(
        (start, devices) -> {
          Map<String, Evidence> inWindow = new HashMap<>(devices.size() * 2);
          devices.forEach((device, tally) -> inWindow.put(device, Evidence.of(tally)));
          evidence.put(start, java.util.Collections.unmodifiableMap(inWindow));
        });
    List<ServerEvent> byDevice = new ArrayList<>(events.values());
    byDevice.sort(java.util.Comparator.comparing(ServerEvent::dstdevice));
    return new BatchWindows(
        clock.windowing(), rule, evidence, byDevice, late, untimed, clock.watermark());
  }
}
