package io.flowrank.streams.topology;

import io.flowrank.core.rules.RejectReason;

/**
 * Keys of the {@code flow-stats} store: per task, how many records it read, how many were web flows,
 * and how many it rejected per reason. Kept in a store (not in memory) so the figures are exactly-once
 * like the counts and survive restarts.
 */
public final class FlowStats {

  public static final String WEB_FLOWS = "webFlows";
  public static final String OTHER_FLOWS = "otherFlows";
  private static final String REJECTED_PREFIX = "rejected.";

  private FlowStats() {}

  public static String rejectedKey(RejectReason reason) {
    return REJECTED_PREFIX + reason.name();
  }

  /** The reason of a rejected key, or null for the other keys. */
  public static RejectReason reasonOf(String key) {
    return key.startsWith(REJECTED_PREFIX)
        ? RejectReason.valueOf(key.substring(REJECTED_PREFIX.length()))
        : null;
  }
}
