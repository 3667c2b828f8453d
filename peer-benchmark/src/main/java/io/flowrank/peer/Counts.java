package io.flowrank.peer;

import java.util.Map;

/**
 * A system's result.
 *
 * @param counts web flows per dstdevice
 * @param nullDevice web flows Spark grouped under a null dstdevice (records without one, which
 *     flowrank rejects as {@code MISSING_DSTDEVICE}); 0 for flowrank
 */
record Counts(Map<String, Long> counts, long nullDevice) {}
