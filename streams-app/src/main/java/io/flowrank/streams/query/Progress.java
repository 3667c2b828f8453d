package io.flowrank.streams.query;

import io.flowrank.core.rules.RejectReason;
import java.util.Map;

/**
 * The answer of {@code GET /api/progress}: what was read, what was rejected and why, the consumer lag
 * per input partition, and whether the app has caught up with every committed input.
 *
 * @param records every record of the committed files: read by the app, or rejected by the producer
 * @param lag per partition of {@code flows} and of the repartition topic: end offset minus committed
 * @param caughtUp every input partition consumed and committed up to its end
 * @param recordsPerSecond records read per second by the stream over the last seconds ({@link
 *     RateHistory})
 */
public record Progress(
    String state,
    long records,
    long webFlows,
    long rejected,
    Map<RejectReason, Long> rejectedByReason,
    Map<String, Long> lag,
    int filesCommitted,
    boolean caughtUp,
    double recordsPerSecond) {}
