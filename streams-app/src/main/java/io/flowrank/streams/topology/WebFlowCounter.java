package io.flowrank.streams.topology;

import io.flowrank.core.ranking.LiveRanking;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the web flows of one partition of the repartitioned stream into {@code webserver-counts}:
 * each record holds a frame's web flows to devices of this partition ({@link WebFlowBatch}). Keeps
 * the partition's {@link LiveRanking} in step with the store. A record without a value counts one
 * flow to its key: the repartition carried one such record per web flow before frames, so a topic
 * written then is still counted right.
 *
 * <p>The ranking lives in memory only: when the task starts (after its store is restored) it is
 * rebuilt from the store, so it always describes exactly the store's counts.
 */
final class WebFlowCounter implements Processor<String, byte[], Void, Void> {

  private final Rankings rankings;
  private KeyValueStore<String, Long> counts;
  private LiveRanking ranking;
  private int partition;
  private final ToLongFunction<String> stored = this::storedCount;
  private final ObjLongConsumer<String> adder = this::add;

  WebFlowCounter(Rankings rankings) {
    this.rankings = rankings;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    counts = context.getStateStore(Names.COUNTS_STORE);
    partition = context.taskId().partition();
    ranking = new LiveRanking(Rankings.CAPACITY);
    try (KeyValueIterator<String, Long> all = counts.all()) {
      all.forEachRemaining(entry -> ranking.update(entry.key, entry.value));
    }
    rankings.publish(partition, ranking);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      if (record.key() != null) {
        add(record.key(), 1);
      }
      return;
    }
    WebFlowBatch.forEach(record.value(), adder);
  }

  private void add(String dstdevice, long webFlows) {
    if (webFlows < 1) {
      return; // never written by the classifier
    }
    // The ranking knows the count of the devices it keeps; the store is read for the others.
    long count = ranking.add(dstdevice, webFlows, stored);
    counts.put(dstdevice, count);
  }

  private long storedCount(String dstdevice) {
    Long count = counts.get(dstdevice);
    return count == null ? 0 : count;
  }

  @Override
  public void close() {
    rankings.withdraw(partition, ranking);
  }
}
