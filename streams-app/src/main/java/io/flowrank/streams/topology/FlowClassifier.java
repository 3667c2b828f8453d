package io.flowrank.streams.topology;

import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.Verdict;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each record of {@code flows} with the core rules, keeps the task's {@link FlowStats} and
 * forwards web flows and rejected records (with a {@link FlowHeaders#REASON} header). Blank records are
 * dropped, other well-formed flows are counted and dropped. Never throws on bad data.
 */
final class FlowClassifier implements FixedKeyProcessor<byte[], byte[], ClassifiedFlow> {

  private final FlowLineParser parser;
  private FixedKeyProcessorContext<byte[], ClassifiedFlow> context;
  private KeyValueStore<String, Long> stats;
  // The store's figures, mirrored so each record costs one put and no get.
  private final Map<String, Long> totals = new HashMap<>();

  FlowClassifier(FlowLineParser parser) {
    this.parser = parser;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], ClassifiedFlow> context) {
    this.context = context;
    this.stats = context.getStateStore(WebServerTopology.STATS_STORE);
    totals.clear();
    try (KeyValueIterator<String, Long> all = stats.all()) {
      all.forEachRemaining(entry -> totals.put(entry.key, entry.value));
    }
  }

  @Override
  public void process(FixedKeyRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    Verdict verdict = value == null ? Verdict.BLANK : parser.parse(value, 0, value.length);
    switch (verdict.kind()) {
      case BLANK:
        return;
      case OTHER_FLOW:
        increment(FlowStats.OTHER_FLOWS);
        return;
      case WEB_FLOW:
        increment(FlowStats.WEB_FLOWS);
        context.forward(record.withValue(new ClassifiedFlow(verdict, value)));
        return;
      case REJECTED:
        increment(FlowStats.rejectedKey(verdict.reason()));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        FlowHeaders.put(headers, FlowHeaders.REASON, verdict.reason().name());
        context.forward(record.withValue(new ClassifiedFlow(verdict, value)).withHeaders(headers));
        return;
      default:
        throw new IllegalStateException("unknown line kind " + verdict.kind());
    }
  }

  private void increment(String key) {
    long next = totals.merge(key, 1L, Long::sum);
    stats.put(key, next);
  }

}
