package io.flowrank.streams.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps its task's values in memory as objects and writes each one changed
 * to the store beneath it (RocksDB and its changelog) once per commit: what Kafka Streams' record
 * cache does, without serialising a value at every {@code put} or sorting and sizing the cache's
 * entries (about a seventh of the streams app's CPU went there for {@code webserver-counts}; the
 * app used 13 % less with this store, README "Performance"). Made for immutable values, as those
 * of {@code webserver-counts}.
 *
 * <ul>
 *   <li>Exactly once: Kafka Streams asks every cached store to flush its cache before the task's
 *       transaction commits ({@link CachedStateStore#flushCache}, the same call its own record cache
 *       answers), so a commit holds every value changed before it; a task closed dirty (an aborted
 *       transaction) drops what it held ({@link #clearCache}) and its stores are restored from the
 *       changelog.
 *   <li>Memory: at most {@code maxEntries} values after a commit; beyond, every one is forgotten
 *       (all are in the store beneath by then) and read from it again when next asked.
 *   <li>Readers on other threads (interactive queries) see the latest values, as with Kafka's
 *       cache: {@link #get} asks the memory first, {@link #all} adds the memory to the store
 *       beneath (no order, as the interface allows). Range and prefix scans are not served: nothing
 *       of flowrank asks them of such a store.
 * </ul>
 *
 * <p>{@link CachedStateStore} is Kafka Streams' own (internal) interface for a store with a cache;
 * the store pins the Kafka version its tests ran on (the parent pom).
 */
final class WriteBackStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

  private final KeyValueStore<K, V> inner;
  private final int maxEntries;
  // Every value held: those changed since the last commit and those read or written before it.
  private final Map<K, V> values = new ConcurrentHashMap<>();
  // The keys changed since the last commit; the stream thread's only.
  private final Set<K> changed = new HashSet<>();

  WriteBackStore(KeyValueStore<K, V> inner, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
    }
    this.inner = inner;
    this.maxEntries = maxEntries;
  }

  /**
   * The builder of such a store over what {@code beneath} builds, with its caching switched off
   * (this store is the cache) and its changelog as {@code beneath} has it.
   */
  static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(
      StoreBuilder<KeyValueStore<K, V>> beneath, int maxEntries) {
    return new Builder<>(beneath.withCachingDisabled(), maxEntries);
  }

  @Override
  public void put(K key, V value) {
    if (value == null) {
      delete(key);
      return;
    }
    values.put(key, value);
    changed.add(key);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V now = get(key);
    if (now == null) {
      put(key, value);
    }
    return now;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    for (KeyValue<K, V> entry : entries) {
      put(entry.key, entry.value);
    }
  }

  /** Deletes at once in the store beneath (deletes are rare: nothing to hold back). */
  @Override
  public V delete(K key) {
    V before = get(key);
    values.remove(key);
    changed.remove(key);
    inner.delete(key);
    return before;
  }

  @Override
  public V get(K key) {
    V value = values.get(key);
    return value != null ? value : inner.get(key);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return new HeldThenBeneath<>(new HashMap<>(values), inner.all());
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    throw new UnsupportedOperationException(name() + " serves no range queries");
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }

  /** Writes the values changed since the last commit to the store beneath, together. */
  @Override
  public void flushCache() {
    if (!changed.isEmpty()) {
      List<KeyValue<K, V>> entries = new ArrayList<>(changed.size());
      for (K key : changed) {
        entries.add(KeyValue.pair(key, values.get(key)));
      }
      inner.putAll(entries);
      changed.clear();
    }
    if (values.size() > maxEntries) {
      values.clear();
    }
  }

  @Override
  public void clearCache() {
    changed.clear();
    values.clear();
  }

  /** Nothing is forwarded from this store: it has no listener. */
  @Override
  public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    clearCache();
    inner.init(context, root);
  }

  /** Writes back what is held, then flushes the store beneath, as Kafka's caching stores do. */
  @Override
  public void flush() {
    flushCache();
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    clearCache();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    return inner.query(query, bound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  /** The held entries, then those of the store beneath whose keys are not held. */
  private static final class HeldThenBeneath<K, V> implements KeyValueIterator<K, V> {
    private final Map<K, V> held;
    private final Iterator<Map.Entry<K, V>> heldEntries;
    private final KeyValueIterator<K, V> beneath;
    private KeyValue<K, V> peeked;

    HeldThenBeneath(Map<K, V> held, KeyValueIterator<K, V> beneath) {
      this.held = held;
      this.heldEntries = held.entrySet().iterator();
      this.beneath = beneath;
    }

    @Override
    public boolean hasNext() {
      if (peeked != null) {
        return true;
      }
      if (heldEntries.hasNext()) {
        Map.Entry<K, V> entry = heldEntries.next();
        peeked = KeyValue.pair(entry.getKey(), entry.getValue());
        return true;
      }
      while (beneath.hasNext()) {
        KeyValue<K, V> entry = beneath.next();
        if (!held.containsKey(entry.key)) {
          peeked = entry;
          return true;
        }
      }
      return false;
    }

    @Override
    public KeyValue<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      KeyValue<K, V> entry = peeked;
      peeked = null;
      return entry;
    }

    @Override
    public K peekNextKey() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return peeked.key;
    }

    @Override
    public void close() {
      beneath.close();
    }
  }

  private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
    private StoreBuilder<KeyValueStore<K, V>> beneath;
    private final int maxEntries;

    Builder(StoreBuilder<KeyValueStore<K, V>> beneath, int maxEntries) {
      this.beneath = beneath;
      this.maxEntries = maxEntries;
    }

    /** This store is the cache: Kafka's own would serialise every put again. */
    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
      throw new UnsupportedOperationException("a write-back store is its own cache");
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
      beneath = beneath.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
      beneath = beneath.withLoggingDisabled();
      return this;
    }

    @Override
    public KeyValueStore<K, V> build() {
      return new WriteBackStore<>(beneath.build(), maxEntries);
    }

    @Override
    public Map<String, String> logConfig() {
      return beneath.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return beneath.loggingEnabled();
    }

    @Override
    public String name() {
      return beneath.name();
    }
  }
}
