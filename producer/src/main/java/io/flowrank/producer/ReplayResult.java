package io.flowrank.producer;

import java.time.Duration;

/**
 * What one replay did.
 *
 * @param filesCommitted files sent and committed by this run
 * @param filesSkipped files skipped because an earlier run committed them
 * @param records records sent to {@code flows} by this run
 * @param rejected lines this run sent to {@code flows-rejected} (too large for the broker)
 * @param elapsed the time the run took
 */
public record ReplayResult(
    int filesCommitted, int filesSkipped, long records, long rejected, Duration elapsed) {}
