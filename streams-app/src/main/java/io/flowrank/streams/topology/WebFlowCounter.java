package io.flowrank.streams.topology;

import io.flowrank.core.ranking.LiveRanking;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the web flows of one partition of the repartitioned stream (key = dstdevice) into {@code
 * webserver-counts}, and keeps the partition's {@link LiveRanking} in step with the store.
 *
 * <p>The ranking lives in memory only: when the task starts (after its store is restored) it is
 * rebuilt from the store, so it always describes exactly the store's counts.
 */
final class WebFlowCounter implements Processor<String, byte[], Void, Void> {

  private final Rankings rankings;
  private KeyValueStore<String, Long> counts;
  private LiveRanking ranking;
  private int partition;

  WebFlowCounter(Rankings rankings) {
    this.rankings = rankings;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    counts = context.getStateStore(WebServerTopology.COUNTS_STORE);
    partition = context.taskId().partition();
    ranking = new LiveRanking(Rankings.CAPACITY);
    try (KeyValueIterator<String, Long> all = counts.all()) {
      all.forEachRemaining(entry -> ranking.update(entry.key, entry.value));
    }
    rankings.publish(partition, ranking);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String dstdevice = record.key();
    if (dstdevice == null) {
      return; // never written by the classifier; a foreign record in the repartition topic
    }
    Long previous = counts.get(dstdevice);
    long count = previous == null ? 1 : previous + 1;
    counts.put(dstdevice, count);
    ranking.update(dstdevice, count);
  }

  @Override
  public void close() {
    rankings.withdraw(partition, ranking);
  }
}
