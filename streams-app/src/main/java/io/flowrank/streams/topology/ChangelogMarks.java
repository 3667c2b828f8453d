package io.flowrank.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Gives each changelog of a task at least one record: shortly after the task starts, every one of
 * its stores that holds nothing gets a tombstone for a key no flow has (the empty name, the empty
 * pair), which leaves the store as it was and readers see nothing of it.
 *
 * <p>Why: under exactly-once, Kafka Streams (4.3) writes a store's changelog offset into the task's
 * checkpoint only once it has read or written a record of that changelog. A task whose folder is
 * not empty but whose checkpoint lacks a store's offset is taken for corrupted, wiped and restored
 * from scratch: at every clean restart while, say, every device is still in its first window (so
 * {@code webserver-window-counts} got nothing yet), and, for a standby promoted to active, again at
 * every rebalance — which the corruption itself forces (docs/design.md §7, "An instance joining").
 */
final class ChangelogMarks {

  /** How soon after a task starts its empty changelogs get their record. */
  static final Duration DELAY = Duration.ofMillis(100);

  static final String NO_NAME = "";
  static final Bytes NO_PAIR = Bytes.wrap(new byte[0]);

  private final List<Runnable> marks = new ArrayList<>();
  private Cancellable scheduled;

  /** Made anew at each {@code init} of a processor, for the stores it has then. */
  ChangelogMarks() {}

  /** Marks a key-value store when it is empty. */
  <K> ChangelogMarks keyValue(KeyValueStore<K, ?> store, K noKey) {
    marks.add(
        () -> {
          if (isEmpty(store.all())) {
            store.delete(noKey);
          }
        });
    return this;
  }

  /** Marks a window store when it is empty (the tombstone in the window starting at 0). */
  <K> ChangelogMarks window(WindowStore<K, ?> store, K noKey) {
    marks.add(
        () -> {
          if (isEmpty(store.all())) {
            store.put(noKey, null, 0L);
          }
        });
    return this;
  }

  /**
   * Writes the marks once, {@link #DELAY} after now (in a punctuation, where Kafka Streams lets a
   * processor write its stores outside a record); call from the processor's {@code init}.
   */
  void schedule(ProcessorContext<?, ?> context) {
    scheduled =
        context.schedule(
            DELAY,
            PunctuationType.WALL_CLOCK_TIME,
            now -> {
              scheduled.cancel();
              marks.forEach(Runnable::run);
            });
  }

  private static boolean isEmpty(KeyValueIterator<?, ?> all) {
    try (all) {
      return !all.hasNext();
    }
  }
}
