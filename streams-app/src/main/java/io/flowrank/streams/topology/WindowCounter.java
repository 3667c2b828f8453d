package io.flowrank.streams.topology;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.ranking.DeviceRankings;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The windows of data time in {@link EvidenceCounter}'s task (docs/design.md, "Time"): each
 * device's evidence per window in {@code webserver-window-counts}, its clients per window in {@code
 * webserver-window-clients}, the partition's total per window in {@code webserver-window-totals},
 * and the events.
 *
 * <p>An event names the earliest window of data time that makes the device a web server ({@link
 * ServerRule}), whatever the order the partitions' frames arrive in: a device whose window
 * qualifies waits in {@code webserver-pending-events} (an earlier window qualifying meanwhile takes
 * its place) until every earlier window is closed, that is until each partition of {@code flows}
 * has come past the window's start plus the grace, so every earlier window is closed ({@link
 * EvidenceBatch.Progress}, kept in {@code webserver-flows-progress}; a partition not heard from
 * yet, or whose frames bear no watermark, bounds nothing). Then the device goes into {@code
 * webserver-announced} and its {@code webserver-events} record is forwarded, all in the task's
 * exactly-once transaction, so a device is announced once, ever, whatever crashes and rebalances.
 * The end of a replay (the producer's last records) closes every window.
 *
 * <p>A device's latest window lives in its {@code webserver-counts} value ({@link DeviceCounts}),
 * its earlier ones in {@code webserver-window-counts}: an update of the window a device is in costs
 * no second store write.
 *
 * <p>The window stores' timestamps are window starts in seconds of data time (the unit of {@code
 * time}, so any valid time fits), and so are their size and retention: a window is dropped once the
 * partition's data time is {@code --window-retention} past its end, whatever the wall clock says.
 * The newest {@link #RANKED_WINDOWS} windows of the partition keep live rankings, as all time does.
 */
final class WindowCounter {

  /**
   * How many of a partition's newest windows keep a live ranking: the latest, and the one before.
   */
  static final int RANKED_WINDOWS = 2;

  // No window: a window's start is never this low.
  private static final long NO_START = Long.MIN_VALUE;

  private final Windowing windowing;
  private final ServerRule rule;
  private final Rankings rankings;
  private ProcessorContext<String, ServerEvent> context;
  private WindowStore<String, Evidence> evidence;
  private WindowStore<Bytes, byte[]> clients;
  private WindowStore<String, WindowTotal> totals;
  private KeyValueStore<String, ServerEvent> announced;
  private KeyValueStore<String, ServerEvent> pending;
  private KeyValueStore<Integer, Long> progress;
  // The store's progress per partition of flows, and its pending devices by the window they name.
  private final Map<Integer, Long> progressOf = new HashMap<>();
  private final TreeMap<Long, Set<String>> waiting = new TreeMap<>();
  private int partition;
  private final TreeMap<Long, DeviceRankings> ranked = new TreeMap<>();
  // The store's totals per window, as the counter wrote them, for the queries too (Rankings): the
  // windows held, without reading the store at each record or each query. A window no longer held
  // (its end plus the retention at or below the largest time counted) is dropped.
  private ConcurrentSkipListMap<Long, WindowTotal> held = new ConcurrentSkipListMap<>();
  private long reached;
  // Per record: the web flows and the largest time per window, written to the totals at its end.
  private final TreeMap<Long, long[]> recordTotals = new TreeMap<>();
  // The window asked last of rankingOf and of recordTotals, and their answers: nearly every device
  // of a record is in the same window, so most look-ups (and the boxing of their keys) are saved.
  // Forgotten whenever ranked or recordTotals changes.
  private long lastRankedStart = NO_START;
  private DeviceRankings lastRanked;
  private long lastTotalStart = NO_START;
  private long[] lastTotal;
  // Per device: its clients new to each of its windows, by entry.
  private long[] newClients = new long[4];

  WindowCounter(Windowing windowing, ServerRule rule, Rankings rankings) {
    this.windowing = windowing;
    this.rule = rule;
    this.rankings = rankings;
  }

  /**
   * Opens the stores and fills the rankings of the newest windows from the window store; {@link
   * #restore} then adds each device's latest window.
   */
  void init(ProcessorContext<String, ServerEvent> context) {
    this.context = context;
    evidence = context.getStateStore(Names.WINDOW_COUNTS_STORE);
    clients = context.getStateStore(Names.WINDOW_CLIENTS_STORE);
    totals = context.getStateStore(Names.WINDOW_TOTALS_STORE);
    announced = context.getStateStore(Names.ANNOUNCED_STORE);
    pending = context.getStateStore(Names.PENDING_EVENTS_STORE);
    progress = context.getStateStore(Names.PROGRESS_STORE);
    partition = context.taskId().partition();
    progressOf.clear();
    try (KeyValueIterator<Integer, Long> all = progress.all()) {
      all.forEachRemaining(entry -> progressOf.put(entry.key, entry.value));
    }
    waiting.clear();
    try (KeyValueIterator<String, ServerEvent> all = pending.all()) {
      all.forEachRemaining(entry -> wait(entry.key, entry.value.window()));
    }
    ranked.clear();
    lastRankedStart = NO_START;
    held = new ConcurrentSkipListMap<>();
    reached = 0;
    try (KeyValueIterator<Windowed<String>, WindowTotal> all = totals.all()) {
      all.forEachRemaining(
          entry -> {
            held.put(entry.key.window().start(), entry.value);
            reached = Math.max(reached, entry.value.lastSeen());
          });
    }
    for (long start : held.descendingKeySet()) {
      if (ranked.size() == RANKED_WINDOWS) {
        break;
      }
      ranked.put(start, filled(start));
    }
    rankings.publishTotals(partition, held);
  }

  /** Adds the window stores and the announced store to the task's {@link ChangelogMarks}. */
  void mark(ChangelogMarks marks) {
    marks
        .window(evidence, ChangelogMarks.NO_NAME)
        .window(clients, ChangelogMarks.NO_PAIR)
        .window(totals, ChangelogMarks.NO_NAME)
        .keyValue(announced, ChangelogMarks.NO_NAME)
        .keyValue(pending, ChangelogMarks.NO_NAME)
        .keyValue(progress, NO_PARTITION);
  }

  // The key of progress's changelog mark: no partition of flows.
  private static final Integer NO_PARTITION = -1;

  /** Readies the counts of a device's windows. */
  void startDevice(WindowTallies windows) {
    if (newClients.length < windows.size()) {
      newClients = new long[windows.size()];
    }
    Arrays.fill(newClients, 0, windows.size(), 0);
  }

  /**
   * Counts one client of the device in each of its windows that saw it, where it is new. The pair's
   * latest window lives in its {@code webserver-clients} value, every earlier one in {@code
   * webserver-window-clients}: a pair seen again in its latest window costs nothing, one in a later
   * window is new there and moves its former latest into the window store (one put per pair and
   * window left behind, none for the window it stays in), and only one in an earlier window (input
   * out of order, or partitions processed at different paces) is looked up.
   *
   * @param inRecord the device's clients in the record
   * @param client which of them
   * @param all the device's sums over the record (a window sharing them saw every client)
   * @param latest the latest window the pair was seen in before, or {@link ClientPairs#NO_WINDOW}
   *     (a pair new to the device too)
   * @return the latest window the pair has been seen in now
   */
  long client(
      EvidenceBatch.Clients inRecord, int client, Tally all, WindowTallies windows, long latest) {
    long now = latest;
    // The client's name and the (device, client) key, made when needed.
    String name = null;
    Bytes pair = null;
    for (int i = 0; i < windows.size(); i++) {
      Tally window = windows.tally(i);
      if (window != all) {
        name = name == null ? inRecord.name(client) : name;
        if (!window.clients().contains(name)) {
          continue;
        }
      }
      long start = windows.start(i);
      if (start > now) {
        // Never seen after its latest window, so never in this later one.
        if (now != ClientPairs.NO_WINDOW) {
          pair = pair == null ? inRecord.pairKey(client) : pair;
          clients.put(pair, ClientPairs.PRESENT, now);
        }
        now = start;
        newClients[i]++;
      } else if (start < now) {
        pair = pair == null ? inRecord.pairKey(client) : pair;
        if (clients.fetch(pair, start) == null) {
          clients.put(pair, ClientPairs.PRESENT, start);
          newClients[i]++;
        }
      }
    }
    return now;
  }

  /**
   * Adds the device's sums per window, once its clients went through {@link #client}: the window it
   * is in (its latest) stays in its {@code webserver-counts} value, an earlier one is read from and
   * written to the window store, and a later one becomes its latest, the former latest moving to
   * the window store (docs/design.md §3.3, {@link DeviceCounts}).
   *
   * @param stored the device's value before, or null when it has none
   * @return its latest window and its evidence there, now
   */
  DeviceCounts add(String dstdevice, WindowTallies windows, Evidence allTime, DeviceCounts stored) {
    long latest = stored == null ? DeviceCounts.NO_WINDOW : stored.latestWindow();
    Evidence latestEvidence = stored == null ? Evidence.NONE : stored.latest();
    for (int i = 0; i < windows.size(); i++) {
      long start = windows.start(i);
      Tally tally = windows.tally(i);
      Evidence before;
      if (start == latest) {
        before = latestEvidence;
      } else if (start > latest) {
        if (latest != DeviceCounts.NO_WINDOW) {
          evidence.put(dstdevice, latestEvidence, latest);
        }
        before = Evidence.NONE; // every window it was counted in is earlier
      } else {
        Evidence earlier = evidence.fetch(dstdevice, start);
        before = earlier == null ? Evidence.NONE : earlier;
      }
      Evidence now = before.plus(tally, newClients[i]);
      if (start >= latest) {
        latest = start;
        latestEvidence = now;
      } else {
        evidence.put(dstdevice, now, start);
      }
      DeviceRankings ranking = rankingOf(start);
      if (ranking != null) {
        ranking.put(dstdevice, now, before);
      }
      long[] total = recordTotal(start);
      total[0] += tally.count();
      total[1] = Math.max(total[1], tally.lastSeen());
      // Both measures only grow: a window qualifies at one update, the one checked here.
      if (rule.qualifies(now) && !rule.qualifies(before) && announced.get(dstdevice) == null) {
        propose(dstdevice, start, now);
      }
    }
    return new DeviceCounts(allTime, latest, latestEvidence);
  }

  /**
   * A device's value read when the task starts: its latest window's evidence goes into that
   * window's ranking, when ranked ({@link #init} filled the rankings from the window store).
   */
  void restore(String dstdevice, DeviceCounts stored) {
    DeviceRankings ranking = ranked.get(stored.latestWindow());
    if (ranking != null) {
      ranking.put(dstdevice, stored.latest(), Evidence.NONE);
    }
  }

  /**
   * A window of a device not announced qualifies: it waits, unless an earlier window of the device
   * waits already; an event named by a later one gives way to it.
   */
  private void propose(String dstdevice, long start, Evidence window) {
    ServerEvent before = pending.get(dstdevice);
    if (before != null) {
      if (before.window() <= start) {
        return;
      }
      Set<String> devices = waiting.get(before.window());
      devices.remove(dstdevice);
      if (devices.isEmpty()) {
        waiting.remove(before.window());
      }
    }
    ServerEvent event =
        new ServerEvent(
            dstdevice,
            start,
            window.answered(),
            window.clients(),
            window.count(),
            window.firstSeen());
    pending.put(dstdevice, event);
    wait(dstdevice, start);
  }

  private void wait(String dstdevice, long start) {
    waiting.computeIfAbsent(start, s -> new HashSet<>()).add(dstdevice);
  }

  /**
   * Takes in how far a partition of {@code flows} has come, then announces every waiting device
   * whose window's earlier ones are all closed: its window at or before the earliest window still
   * open on any partition heard from.
   */
  private void release(EvidenceBatch.Progress heard) {
    if (heard.source() >= 0) {
      Long before = progressOf.get(heard.source());
      if (before == null || before != heard.firstOpen()) {
        progressOf.put(heard.source(), heard.firstOpen());
        progress.put(heard.source(), heard.firstOpen());
      }
    }
    if (waiting.isEmpty()) {
      return;
    }
    long firstOpen = EvidenceBatch.Progress.UNBOUNDED;
    for (long heardFirstOpen : progressOf.values()) {
      firstOpen = Math.min(firstOpen, heardFirstOpen);
    }
    while (!waiting.isEmpty() && waiting.firstKey() <= firstOpen) {
      for (String dstdevice : new TreeSet<>(waiting.pollFirstEntry().getValue())) {
        ServerEvent event = pending.get(dstdevice);
        pending.delete(dstdevice);
        announced.put(dstdevice, event);
        context.forward(new Record<>(dstdevice, event, context.currentSystemTimeMs()));
      }
    }
  }

  /** Announces the devices the record lets out, then writes its totals per window. */
  void endRecord(EvidenceBatch.Progress heard) {
    release(heard);
    for (Map.Entry<Long, long[]> entry : recordTotals.entrySet()) {
      long start = entry.getKey();
      WindowTotal before = held.get(start);
      if (before == null) {
        // A new window, or one no longer held that a line without a watermark reached.
        before = totals.fetch(WindowTotal.KEY, start);
      }
      long[] added = entry.getValue();
      WindowTotal now = (before == null ? WindowTotal.NONE : before).plus(added[0], added[1]);
      totals.put(WindowTotal.KEY, now, start);
      held.put(start, now);
      reached = Math.max(reached, now.lastSeen());
    }
    recordTotals.clear();
    lastTotalStart = NO_START;
    while (!held.isEmpty() && !windowing.held(held.firstKey(), reached)) {
      held.pollFirstEntry();
    }
  }

  /**
   * The live ranking of a window, when it is among the partition's newest: a window newer than them
   * takes the place of the oldest. Such a window has counted nothing yet (one that had would be
   * among the newest already, since the task started or since it was counted), so its ranking
   * starts empty.
   */
  private DeviceRankings rankingOf(long start) {
    if (start == lastRankedStart) {
      return lastRanked;
    }
    DeviceRankings ranking = ranked.get(start);
    if (ranking != null || (ranked.size() >= RANKED_WINDOWS && start < ranked.firstKey())) {
      lastRankedStart = start;
      lastRanked = ranking;
      return ranking;
    }
    lastRankedStart = NO_START;
    ranking = new DeviceRankings(Rankings.CAPACITY);
    rankings.publish(partition, start, ranking);
    ranked.put(start, ranking);
    if (ranked.size() > RANKED_WINDOWS) {
      Map.Entry<Long, DeviceRankings> oldest = ranked.pollFirstEntry();
      rankings.withdraw(partition, oldest.getKey(), oldest.getValue());
    }
    return ranking;
  }

  /**
   * A ranking of one window, filled from the window store and published; the devices whose latest
   * window it is come from their {@code webserver-counts} values ({@link #restore}).
   */
  private DeviceRankings filled(long start) {
    DeviceRankings ranking = new DeviceRankings(Rankings.CAPACITY);
    try (KeyValueIterator<Windowed<String>, Evidence> all = evidence.fetchAll(start, start)) {
      all.forEachRemaining(entry -> ranking.put(entry.key.key(), entry.value, Evidence.NONE));
    }
    rankings.publish(partition, start, ranking);
    return ranking;
  }

  /** The record's web flows and largest time in the window starting at {@code start}. */
  private long[] recordTotal(long start) {
    if (start != lastTotalStart) {
      lastTotal = recordTotals.computeIfAbsent(start, s -> new long[2]);
      lastTotalStart = start;
    }
    return lastTotal;
  }

  void close() {
    ranked.forEach((start, ranking) -> rankings.withdraw(partition, start, ranking));
    rankings.withdrawTotals(partition, held);
  }
}
