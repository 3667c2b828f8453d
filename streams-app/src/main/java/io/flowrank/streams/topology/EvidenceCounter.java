package io.flowrank.streams.topology;

import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.ranking.DeviceRankings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds the web flows of one partition of the repartitioned stream to its devices' evidence in
 * {@code webserver-counts}: each record holds a frame's sums per device of this partition ({@link
 * EvidenceBatch}). A device's clients count once each: a client is new to it when its pair is not
 * yet in {@code webserver-clients}, which {@link PairIndex} answers from memory (the store only for
 * pairs beyond its bound; filled from the store at the task's first record), and a record's written
 * pairs go to the store together. Keeps the partition's {@link DeviceRankings} in step with the
 * store. With windows, the same per window of data time and the events ({@link WindowCounter}),
 * which it forwards to {@code webserver-events}.
 *
 * <p>The rankings live in memory only: when the task starts (after its stores are restored) they
 * are rebuilt from the store, so they always describe exactly the store's evidence. That first read
 * also meets a value of an earlier format before any flow is added to it: {@link
 * IncompatibleStateException}, which stops the app.
 */
final class EvidenceCounter implements Processor<String, byte[], String, ServerEvent> {

  private final Rankings rankings;
  // Null with windows off.
  private final WindowCounter windows;
  private KeyValueStore<String, DeviceCounts> evidence;
  private KeyValueStore<Bytes, byte[]> clients;
  private DeviceRankings ranking;
  // The names of the task's devices and clients, each held once with a number.
  private final NameTable names;
  // The task's pairs with their latest window, rebuilt from the store when the task starts.
  private final PairIndex pairs;
  // The pairs of the record being processed to write (new ones, or in a later window), written
  // together when it is done.
  private final List<KeyValue<Bytes, byte[]>> newPairs = new ArrayList<>();
  private int partition;
  // False from init to the first record, which fills the index.
  private boolean pairsLoaded;
  private final EvidenceBatch.Visitor adder = this::add;

  EvidenceCounter(Rankings rankings, Optional<WindowCounter> windows, int pairsInMemory) {
    this.rankings = rankings;
    this.pairs = new PairIndex(pairsInMemory);
    this.names = new NameTable(pairsInMemory);
    this.windows = windows.orElse(null);
  }

  @Override
  public void init(ProcessorContext<String, ServerEvent> context) {
    evidence = context.getStateStore(Names.COUNTS_STORE);
    clients = context.getStateStore(Names.CLIENTS_STORE);
    partition = context.taskId().partition();
    ranking = new DeviceRankings(Rankings.CAPACITY);
    if (windows != null) {
      windows.init(context);
    }
    try (KeyValueIterator<String, DeviceCounts> all = evidence.all()) {
      all.forEachRemaining(
          entry -> {
            ranking.put(entry.key, entry.value.allTime(), Evidence.NONE, entry.value);
            if (windows != null && entry.value.inWindow()) {
              windows.restore(entry.key, entry.value);
            }
          });
    }
    // What the memory knows is rebuilt from the store (after an aborted transaction the task is
    // initialised again, and pairs of the aborted records must not be taken for known), at the
    // first record: the task is running and answering queries meanwhile (a restart reaches its
    // first complete answer that much sooner).
    newPairs.clear();
    pairs.clear();
    pairsLoaded = false;
    rankings.publish(partition, ranking);
    ChangelogMarks marks =
        new ChangelogMarks()
            .keyValue(evidence, ChangelogMarks.NO_NAME)
            .keyValue(clients, ChangelogMarks.NO_PAIR);
    if (windows != null) {
      windows.mark(marks);
    }
    marks.schedule(context);
  }

  /** Fills the pair index from {@code webserver-clients}. */
  private void loadPairs() {
    try (KeyValueIterator<Bytes, byte[]> all = clients.all()) {
      all.forEachRemaining(
          entry -> {
            ClientPairs.Pair pair = ClientPairs.pair(entry.key.get());
            pairs.put(
                names.number(pair.device()),
                names.number(pair.client()),
                ClientPairs.latestWindow(entry.value));
          });
    }
    pairsLoaded = true;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!pairsLoaded) {
      loadPairs();
    }
    if (record.value() != null) {
      EvidenceBatch.Progress progress = EvidenceBatch.forEach(record.value(), names, adder);
      if (!newPairs.isEmpty()) {
        clients.putAll(newPairs);
        newPairs.clear();
      }
      if (windows != null) {
        windows.endRecord(progress);
      }
    }
  }

  private void add(
      String dstdevice,
      int device,
      Tally tally,
      EvidenceBatch.Clients clients,
      WindowTallies inWindows) {
    if (tally.count() < 1) {
      return; // never written by the classifier
    }
    boolean windowed = windows != null && inWindows.size() > 0;
    if (windowed) {
      windows.startDevice(inWindows);
    }
    long newClients = 0;
    // A device appears once in a record and its clients once each, so a pair of this record is
    // never met again before the record's pairs are written.
    for (int i = 0; i < clients.size(); i++) {
      long latest = pairs.latest(device, clients.number(i));
      Bytes pair = null;
      if (latest == PairIndex.ABSENT && !pairs.complete()) {
        // Beyond the index's bound, only the store knows.
        pair = clients.pairKey(i);
        byte[] seen = this.clients.get(pair);
        if (seen != null) {
          latest = ClientPairs.latestWindow(seen);
        }
      }
      boolean known = latest != PairIndex.ABSENT;
      if (!known) {
        latest = ClientPairs.NO_WINDOW;
        newClients++;
      }
      long now = windowed ? windows.client(clients, i, tally, inWindows, latest) : latest;
      if (!known || now != latest) {
        newPairs.add(
            KeyValue.pair(pair != null ? pair : clients.pairKey(i), ClientPairs.seenIn(now)));
        pairs.put(device, clients.number(i), now);
      }
    }
    // The rankings keep the store value of the devices they keep (its latest window too): the
    // store is read for the others only.
    DeviceCounts stored = (DeviceCounts) ranking.storedOf(dstdevice);
    if (stored == null) {
      stored = evidence.get(dstdevice);
    }
    Evidence before = stored == null ? Evidence.NONE : stored.allTime();
    Evidence now = before.plus(tally, newClients);
    DeviceCounts value =
        windowed
            ? windows.add(dstdevice, inWindows, now, stored)
            : stored == null || !stored.inWindow()
                ? DeviceCounts.allTime(now)
                : new DeviceCounts(now, stored.latestWindow(), stored.latest());
    evidence.put(dstdevice, value);
    ranking.put(dstdevice, now, before, value);
  }

  @Override
  public void close() {
    rankings.withdraw(partition, ranking);
    if (windows != null) {
      windows.close();
    }
  }
}
