package io.flowrank.streams.query;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.streams.query.PartitionQueries.WindowEvidence;
import io.flowrank.streams.query.PartitionQueries.WindowPart;
import io.flowrank.streams.topology.DeviceCounts;
import io.flowrank.streams.topology.Rankings;
import io.flowrank.streams.topology.WindowTotal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link LocalStores}' answers about the windows of data time (docs/design.md, "Time"), from this
 * instance's stores: the windows held, a device's timeline, the events, every device's evidence in
 * one window. A device's latest window is in its {@code webserver-counts} value, its earlier ones
 * in {@code webserver-window-counts} (each device in one of the two for a given window).
 */
final class LocalWindows {

  private final LocalStores.Source source;
  private final Rankings rankings;

  LocalWindows(LocalStores.Source source, Rankings rankings) {
    this.source = source;
    this.rankings = rankings;
  }

  /**
   * The windows these partitions hold, merged: from the totals the counter keeps in memory for a
   * partition processed here, else (a standby's, with {@code stale}) from the partition's store.
   */
  List<WindowPart> windows(List<Integer> partitions, boolean stale) {
    return LocalStores.read(
        () -> {
          LocalStores.requireState(source, stale);
          Map<Long, WindowPart> merged = new TreeMap<>();
          BiConsumer<Long, WindowTotal> add =
              (start, total) ->
                  merged.merge(
                      start,
                      new WindowPart(start, total.webFlows(), total.lastSeen()),
                      (a, b) ->
                          new WindowPart(
                              a.start(),
                              a.webFlows() + b.webFlows(),
                              Math.max(a.lastSeen(), b.lastSeen())));
          for (int partition : partitions) {
            Optional<NavigableMap<Long, WindowTotal>> live = rankings.totalsOf(partition);
            if (live.isPresent()) {
              live.get().forEach(add);
              continue;
            }
            try (KeyValueIterator<Windowed<String>, WindowTotal> all =
                source.windowTotals(partition, stale).all()) {
              all.forEachRemaining(entry -> add.accept(entry.key.window().start(), entry.value));
            }
          }
          return List.copyOf(merged.values());
        });
  }

  /** Its earlier windows from the window store, its latest from its value in the counts. */
  List<WindowEvidence> timeline(String dstdevice, int partition, boolean stale) {
    return LocalStores.read(
        () -> {
          LocalStores.requireState(source, stale);
          List<WindowEvidence> points = new ArrayList<>();
          try (WindowStoreIterator<Evidence> windows =
              source.windowEvidence(partition, stale).fetch(dstdevice, at(0), at(Long.MAX_VALUE))) {
            windows.forEachRemaining(
                entry ->
                    points.add(
                        new WindowEvidence(
                            entry.key, DeviceAnswer.of(dstdevice, entry.value, List.of()))));
          }
          DeviceCounts counts = source.evidence(partition, stale).get(dstdevice);
          if (counts != null && counts.inWindow()) {
            points.add(
                new WindowEvidence(
                    counts.latestWindow(), DeviceAnswer.of(dstdevice, counts.latest(), List.of())));
          }
          points.sort(java.util.Comparator.comparingLong(WindowEvidence::start));
          return points;
        });
  }

  /** Every partition's events, newest first, the first {@code limit} of them. */
  List<ServerEvent> events(int limit, List<Integer> partitions, boolean stale) {
    return LocalStores.read(
        () -> {
          LocalStores.requireState(source, stale);
          List<ServerEvent> events = new ArrayList<>();
          for (int partition : partitions) {
            try (KeyValueIterator<String, ServerEvent> all =
                source.announced(partition, stale).all()) {
              all.forEachRemaining(entry -> events.add(entry.value));
            }
          }
          events.sort(PartitionQueries.NEWEST);
          return List.copyOf(events.subList(0, Math.min(limit, events.size())));
        });
  }

  /**
   * Every device's evidence in one window: the devices for which it is an earlier window from the
   * window store, those for which it is the latest from the counts (each device is in one of the
   * two).
   */
  void forEachEvidence(
      int partition, long window, boolean stale, BiConsumer<String, Evidence> sink) {
    LocalStores.read(
        () -> {
          LocalStores.requireState(source, stale);
          try (KeyValueIterator<Windowed<String>, Evidence> all =
              source.windowEvidence(partition, stale).fetchAll(at(window), at(window))) {
            while (all.hasNext()) {
              var entry = all.next();
              sink.accept(entry.key.key(), entry.value);
            }
          }
          try (KeyValueIterator<String, DeviceCounts> all =
              source.evidence(partition, stale).all()) {
            while (all.hasNext()) {
              var entry = all.next();
              if (entry.value.latestWindow() == window) {
                sink.accept(entry.key, entry.value.latest());
              }
            }
          }
          return null;
        });
  }

  /**
   * A window store's timestamp: the window stores count seconds of data time where Kafka counts
   * milliseconds ({@code WindowCounter}), so a start in seconds goes in as that many milliseconds.
   */
  private static Instant at(long start) {
    return Instant.ofEpochMilli(start);
  }
}
