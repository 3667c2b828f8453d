package io.flowrank.streams.topology;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.ranking.DeviceRankings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds the web flows of one partition of the repartitioned stream to its devices' evidence in
 * {@code webserver-counts}: each record holds a frame's sums per device of this partition ({@link
 * EvidenceBatch}). A device's clients count once each: a client is new to it when its pair is not
 * yet in {@code webserver-clients} ({@link PairFilter} spares the read of a pair that is certainly
 * new; a record's new pairs are written together). Keeps the partition's {@link DeviceRankings} in
 * step with the store.
 *
 * <p>The rankings live in memory only: when the task starts (after its stores are restored) they
 * are rebuilt from the store, so they always describe exactly the store's evidence. That first read
 * also meets a value of an earlier format before any flow is added to it: {@link
 * IncompatibleStateException}, which stops the app.
 */
final class EvidenceCounter implements Processor<String, byte[], Void, Void> {

  private static final int RECENT_PAIRS = 100_000;

  private final Rankings rankings;
  private KeyValueStore<String, Evidence> evidence;
  private KeyValueStore<Bytes, byte[]> clients;
  private DeviceRankings ranking;
  private PairFilter knownPairs;
  // The pairs met lately, known to be in the store: a client that comes back (most do) costs no
  // store read. Bounded; least recently met first out.
  private final Map<Bytes, Boolean> recentPairs =
      new LinkedHashMap<>(1 << 16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, Boolean> eldest) {
          return size() > RECENT_PAIRS;
        }
      };
  // The new pairs of the record being processed, written together when it is done.
  private final List<KeyValue<Bytes, byte[]>> newPairs = new ArrayList<>();
  private int partition;
  private final EvidenceBatch.Visitor adder = this::add;

  EvidenceCounter(Rankings rankings) {
    this.rankings = rankings;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    evidence = context.getStateStore(Names.COUNTS_STORE);
    clients = context.getStateStore(Names.CLIENTS_STORE);
    partition = context.taskId().partition();
    ranking = new DeviceRankings(Rankings.CAPACITY);
    try (KeyValueIterator<String, Evidence> all = evidence.all()) {
      all.forEachRemaining(entry -> ranking.put(entry.key, entry.value, Evidence.NONE));
    }
    // What the memory knows is rebuilt from the store: after an aborted transaction the task is
    // initialised again, and pairs of the aborted records must not be taken for known.
    recentPairs.clear();
    newPairs.clear();
    knownPairs = new PairFilter();
    try (KeyValueIterator<Bytes, byte[]> all = clients.all()) {
      all.forEachRemaining(entry -> knownPairs.add(entry.key));
    }
    rankings.publish(partition, ranking);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() != null) {
      EvidenceBatch.forEach(record.value(), adder);
      if (!newPairs.isEmpty()) {
        clients.putAll(newPairs);
        newPairs.clear();
      }
    }
  }

  private void add(String dstdevice, Tally tally) {
    if (tally.count() < 1) {
      return; // never written by the classifier
    }
    long newClients = 0;
    if (tally.clientCount() > 0) {
      byte[] device = dstdevice.getBytes(StandardCharsets.UTF_8);
      for (String client : tally.clients()) {
        Bytes pair = ClientPairs.key(device, client);
        if (recentPairs.get(pair) != null) {
          continue;
        }
        // A device appears once in a record and its clients once each, so a pair of this record
        // is never met again before the record's pairs are written.
        if (!knownPairs.mightContain(pair) || clients.get(pair) == null) {
          knownPairs.add(pair);
          newPairs.add(KeyValue.pair(pair, ClientPairs.PRESENT));
          newClients++;
        }
        recentPairs.put(pair, Boolean.TRUE);
      }
    }
    // The rankings know the evidence of the devices they keep; the store is read for the others.
    Evidence before = ranking.evidenceOf(dstdevice).orElse(null);
    if (before == null) {
      Evidence stored = evidence.get(dstdevice);
      before = stored == null ? Evidence.NONE : stored;
    }
    Evidence now = before.plus(tally, newClients);
    evidence.put(dstdevice, now);
    ranking.put(dstdevice, now, before);
  }

  @Override
  public void close() {
    rankings.withdraw(partition, ranking);
  }
}
