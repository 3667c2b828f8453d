package io.flowrank.streams.topology;

import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each record of {@code flows} with the core rules, keeps the task's {@link FlowStats} and
 * forwards web flows and rejected records (with a {@link FlowHeaders#REASON} header, and the source
 * file and line when the key is a {@link FlowKey}). Blank records are dropped, other well-formed
 * flows are counted and dropped. Never throws on bad data.
 *
 * <p>Every record is read by this processor, so it does the least it can: one parse, one put into
 * the (cached) statistics store, no allocation for the four records in five that are not web
 * flows.
 */
final class FlowClassifier implements FixedKeyProcessor<byte[], byte[], ClassifiedFlow> {

  private static final RejectReason[] REASONS = RejectReason.values();
  private static final int WEB = REASONS.length;
  private static final int OTHER = REASONS.length + 1;
  private static final String[] KEYS = new String[REASONS.length + 2];

  static {
    for (RejectReason reason : REASONS) {
      KEYS[reason.ordinal()] = FlowStats.rejectedKey(reason);
    }
    KEYS[WEB] = FlowStats.WEB_FLOWS;
    KEYS[OTHER] = FlowStats.OTHER_FLOWS;
  }

  private final FlowLineParser parser;
  private FixedKeyProcessorContext<byte[], ClassifiedFlow> context;
  private KeyValueStore<String, Long> stats;
  // The store's figures, mirrored so each record costs one put and no get.
  private final long[] totals = new long[KEYS.length];

  FlowClassifier(FlowLineParser parser) {
    this.parser = parser;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], ClassifiedFlow> context) {
    this.context = context;
    this.stats = context.getStateStore(WebServerTopology.STATS_STORE);
    java.util.Arrays.fill(totals, 0);
    try (KeyValueIterator<String, Long> all = stats.all()) {
      all.forEachRemaining(
          entry -> {
            for (int i = 0; i < KEYS.length; i++) {
              if (KEYS[i].equals(entry.key)) {
                totals[i] = entry.value;
              }
            }
          });
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
        increment(OTHER);
        return;
      case WEB_FLOW:
        increment(WEB);
        context.forward(record.withValue(new ClassifiedFlow(verdict, value)));
        return;
      case REJECTED:
        increment(verdict.reason().ordinal());
        context.forward(
            record
                .withValue(new ClassifiedFlow(verdict, value))
                .withHeaders(rejectedHeaders(record, verdict.reason())));
        return;
      default:
        throw new IllegalStateException("unknown line kind " + verdict.kind());
    }
  }

  private void increment(int index) {
    stats.put(KEYS[index], ++totals[index]);
  }

  /** The record's own headers, the reason, and the source its key names (unless already there). */
  private static Headers rejectedHeaders(FixedKeyRecord<byte[], byte[]> record, RejectReason reason) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    FlowHeaders.put(headers, FlowHeaders.REASON, reason.name());
    if (headers.lastHeader(FlowHeaders.FILE) == null) {
      FlowKey.decode(record.key())
          .ifPresent(
              source -> {
                FlowHeaders.put(headers, FlowHeaders.FILE, source.file());
                FlowHeaders.put(headers, FlowHeaders.LINE, Long.toString(source.line()));
              });
    }
    return headers;
  }
}
