package io.flowrank.verifier;

import io.flowrank.core.api.Progress;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.text.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The windows of data time and the events against the batch (docs/design.md, "Time"): every window
 * held, device by device and measure by measure ({@link Comparison#ofEvidence}), the batch judging
 * lateness in the input's own order as the stream does; and which devices became web servers, each
 * by which window. The figures of an event are those of the frame that made its window qualify, so
 * they depend on the framing: the device and the window are compared, not them.
 *
 * @param lines what to print: a line per window, one for the events, the differences under them
 * @param outcome identical when every window and the events are
 */
record WindowVerification(List<String> lines, Outcome outcome) {

  /**
   * Compares.
   *
   * @param batch the batch's windows
   * @param stream the windows the stream holds
   * @param streamCounts the stream's evidence in each window of {@code stream} and of the batch's
   *     held ones (a window the stream does not hold: empty)
   * @param streamEvents every event of the stream
   * @param progress the stream's progress, for its late and untimed web flows
   */
  static WindowVerification of(
      BatchWindows batch,
      List<WindowAnswer> stream,
      Map<Long, Map<String, Evidence>> streamCounts,
      List<ServerEvent> streamEvents,
      Progress progress,
      int maxDifferences) {
    List<String> lines = new ArrayList<>();
    NavigableMap<Long, Map<String, Evidence>> held = batch.held();
    Set<Long> starts = new TreeSet<>(held.keySet());
    Map<Long, WindowAnswer> streamWindows = new TreeMap<>();
    for (WindowAnswer window : stream) {
      streamWindows.put(window.start(), window);
      starts.add(window.start());
    }
    lines.add(
        "windows of "
            + seconds(batch.windowing().size())
            + " (grace "
            + seconds(batch.windowing().grace())
            + ", kept "
            + seconds(batch.windowing().retention())
            + " past their end): batch "
            + TableRenderer.number(held.size())
            + " held at data time "
            + batch.watermark()
            + ", "
            + TableRenderer.plural(batch.late(), "late web flow")
            + ", "
            + TableRenderer.number(batch.untimed())
            + " untimed; stream "
            + TableRenderer.number(stream.size())
            + " held, "
            + TableRenderer.number(progress.late())
            + " late, "
            + TableRenderer.number(progress.untimed())
            + " untimed");
    boolean identical = true;
    for (long start : starts) {
      String label = "  window " + start + ".." + batch.windowing().endOf(start) + " ";
      if (!held.containsKey(start) || !streamWindows.containsKey(start)) {
        identical = false;
        lines.add(
            label
                + "DIFFERENT: held by the "
                + (held.containsKey(start) ? "batch" : "stream")
                + " only");
        continue;
      }
      Comparison comparison =
          Comparison.ofEvidence(held.get(start), streamCounts.getOrDefault(start, Map.of()));
      if (comparison.identical()) {
        lines.add(
            label
                + "identical: "
                + TableRenderer.plural(comparison.devices(), "device")
                + ", "
                + TableRenderer.plural(comparison.batchTotal(), "web flow"));
      } else {
        identical = false;
        for (String line : TableRenderer.verdict(comparison, maxDifferences)) {
          lines.add(line.startsWith(" ") ? "  " + line : label + line);
        }
      }
    }
    identical &= events(batch, streamEvents, maxDifferences, lines);
    return new WindowVerification(lines, identical ? Outcome.IDENTICAL : Outcome.DIFFERENT);
  }

  /**
   * Adds the events' lines; true when both sides name the same devices, each once, and each by the
   * batch's window (the earliest that qualifies) or, as the contract allows for input the stream
   * cannot order (docs/design.md §1.6: records without a watermark, several producers at once), by
   * a later window in which the batch says it qualifies too.
   */
  private static boolean events(
      BatchWindows batch, List<ServerEvent> stream, int maxDifferences, List<String> lines) {
    Map<String, Long> batchWindows = new TreeMap<>();
    batch.events().forEach(e -> batchWindows.put(e.dstdevice(), e.window()));
    Map<String, Long> streamWindows = new TreeMap<>();
    stream.forEach(e -> streamWindows.put(e.dstdevice(), e.window()));
    Set<String> devices = new TreeSet<>(batchWindows.keySet());
    devices.addAll(streamWindows.keySet());
    List<String> differences = new ArrayList<>();
    List<String> later = new ArrayList<>();
    for (String device : devices) {
      Long inBatch = batchWindows.get(device);
      Long inStream = streamWindows.get(device);
      if (java.util.Objects.equals(inBatch, inStream)) {
        continue;
      }
      String line =
          "  "
              + TerminalText.escape(device)
              + ": batch "
              + (inBatch == null ? "no event" : "window " + inBatch)
              + ", stream "
              + (inStream == null ? "no event" : "window " + inStream);
      if (inBatch != null
          && inStream != null
          && inStream > inBatch
          && qualifies(batch, device, inStream)) {
        later.add(line + " (it qualifies there too)");
      } else {
        differences.add(line);
      }
    }
    if (differences.isEmpty() && stream.size() == streamWindows.size()) {
      lines.add(
          "events: identical: "
              + TableRenderer.plural(batchWindows.size(), "device")
              + " became web servers, "
              + (later.isEmpty()
                  ? "each in the same window"
                  : TableRenderer.number(later.size())
                      + " of them named by a later window that qualifies too (input without"
                      + " watermarks, or several producers at once: docs/design.md §1.6)"));
      addSome(later, maxDifferences, lines);
      return true;
    }
    lines.add(
        "events: DIFFERENT: "
            + TableRenderer.number(differences.size())
            + " of "
            + TableRenderer.plural(devices.size(), "device")
            + " differ"
            + (stream.size() == streamWindows.size()
                ? ""
                : "; the stream announced " + (stream.size() - streamWindows.size()) + " twice"));
    addSome(differences, maxDifferences, lines);
    return false;
  }

  /** Whether the batch's evidence of {@code device} in the window at {@code start} qualifies it. */
  private static boolean qualifies(BatchWindows batch, String device, long start) {
    Map<String, Evidence> window = batch.byWindow().get(start);
    Evidence evidence = window == null ? null : window.get(device);
    return evidence != null && batch.rule().qualifies(evidence);
  }

  private static void addSome(List<String> found, int maxDifferences, List<String> lines) {
    lines.addAll(found.subList(0, Math.min(maxDifferences, found.size())));
    if (found.size() > maxDifferences) {
      lines.add("  ... and " + TableRenderer.number(found.size() - maxDifferences) + " more");
    }
  }

  private static String seconds(long seconds) {
    return Durations.format(java.time.Duration.ofSeconds(seconds));
  }
}
