package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteBackStore} over a store of Kafka's: values reach the store beneath at a commit only
 * (its cache flush), each once, and what was not flushed is gone when the task is closed dirty.
 */
class WriteBackStoreTest {

  private final KeyValueStore<String, Long> beneath =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore("store"), Serdes.String(), Serdes.Long())
          .withLoggingDisabled()
          .withCachingDisabled()
          .build();

  private WriteBackStore<String, Long> store(int maxEntries) {
    WriteBackStore<String, Long> store = new WriteBackStore<>(beneath, maxEntries);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    store.init(
        new MockProcessorContext<Void, Void>(props, new TaskId(0, 0), null).getStateStoreContext(),
        store);
    return store;
  }

  @AfterEach
  void close() {
    if (beneath.isOpen()) {
      beneath.close();
    }
  }

  @Test
  void valuesReachTheStoreBeneathAtACommitOnlyEachOnceWithItsLatestValue() {
    WriteBackStore<String, Long> store = store(100);
    store.put("S1", 1L);
    store.put("S1", 2L);
    store.put("S2", 3L);

    assertThat(beneath.approximateNumEntries()).as("nothing written before the commit").isZero();
    assertThat(store.get("S1")).isEqualTo(2L);
    assertThat(entries(store)).containsExactlyInAnyOrder(pair("S1", 2L), pair("S2", 3L));

    store.flushCache();
    assertThat(beneath.get("S1")).isEqualTo(2L);
    assertThat(beneath.get("S2")).isEqualTo(3L);
    assertThat(entries(store)).as("each key once").hasSize(2);
  }

  @Test
  void aFlushOfTheStoreWritesBackWhatItHolds() {
    WriteBackStore<String, Long> store = store(100);
    store.put("S1", 1L);

    store.flush();

    assertThat(beneath.get("S1")).isEqualTo(1L);
  }

  @Test
  void whatATaskClosedDirtyDidNotCommitIsGone() {
    WriteBackStore<String, Long> store = store(100);
    store.put("S1", 1L);
    store.flushCache();
    store.put("S1", 5L);
    store.put("S2", 7L);

    store.clearCache();

    assertThat(store.get("S1")).as("the committed value").isEqualTo(1L);
    assertThat(store.get("S2")).isNull();
    store.flushCache();
    assertThat(beneath.get("S1")).isEqualTo(1L);
    assertThat(beneath.get("S2")).isNull();
  }

  @Test
  void allListsEveryKeyOnceTheHeldValueWinning() {
    WriteBackStore<String, Long> store = store(100);
    store.put("S1", 1L);
    store.put("S2", 2L);
    store.flushCache();
    store.put("S1", 10L);
    store.put("S3", 30L);

    assertThat(entries(store))
        .containsExactlyInAnyOrder(pair("S1", 10L), pair("S2", 2L), pair("S3", 30L));
  }

  @Test
  void beyondItsBoundAfterACommitItForgetsAndReadsFromTheStoreBeneath() {
    WriteBackStore<String, Long> held = store(3);
    held.put("S1", 1L);
    held.put("S2", 2L);
    held.flushCache();
    beneath.put("S1", 100L); // a value only the store beneath has: seen only once forgotten
    assertThat(held.get("S1")).as("within its bound it still holds S1").isEqualTo(1L);

    held.put("S3", 3L);
    held.put("S4", 4L);
    held.flushCache();

    assertThat(held.get("S1")).as("read from the store beneath").isEqualTo(100L);
    assertThat(List.of(held.get("S2"), held.get("S3"), held.get("S4"))).containsExactly(2L, 3L, 4L);
  }

  @Test
  void aDeleteReachesTheStoreBeneathAtOnce() {
    WriteBackStore<String, Long> store = store(100);
    store.put("S1", 1L);
    store.flushCache();
    store.put("S1", 2L);

    assertThat(store.delete("S1")).isEqualTo(2L);
    assertThat(beneath.get("S1")).isNull();
    store.flushCache();
    assertThat(beneath.get("S1")).as("no held value written back").isNull();
    assertThat(store.get("S1")).isNull();
  }

  @Test
  void rangeQueriesAreRefusedWithTheStoresName() {
    WriteBackStore<String, Long> store = store(100);
    assertThatThrownBy(() -> store.range("A", "Z"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("store");
  }

  private static List<KeyValue<String, Long>> entries(KeyValueStore<String, Long> store) {
    List<KeyValue<String, Long>> entries = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = store.all()) {
      all.forEachRemaining(entries::add);
    }
    return entries;
  }

  private static KeyValue<String, Long> pair(String key, Long value) {
    return KeyValue.pair(key, value);
  }
}
