package io.flowrank.streams.topology;

import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.rules.RejectReason;

/**
 * Keys of the {@code flow-stats} store: per task, how many records it read, how many were web flows,
 * how many it rejected per reason, how many web flows lacked each numeric field and how many came
 * after their window closed. Kept in a store (not in memory) so the figures are exactly-once
 * like the counts and survive restarts.
 */
public final class FlowStats {

  public static final String WEB_FLOWS = "webFlows";
  public static final String OTHER_FLOWS = "otherFlows";

  /** Web flows that came after their window closed (docs/design.md, "Time"): in no window. */
  public static final String LATE = "late";
  private static final String REJECTED_PREFIX = "rejected.";
  private static final String INCOMPLETE_PREFIX = "incomplete.";

  private FlowStats() {}

  public static String rejectedKey(RejectReason reason) {
    return REJECTED_PREFIX + reason.name();
  }

  /** The key of the web flows that lack a numeric field (docs/design.md §1.5). */
  public static String incompleteKey(NumericField field) {
    return INCOMPLETE_PREFIX + field.fieldName();
  }

  /** The field of an incomplete key, or null for the other keys. */
  public static NumericField incompleteFieldOf(String key) {
    if (!key.startsWith(INCOMPLETE_PREFIX)) {
      return null;
    }
    String name = key.substring(INCOMPLETE_PREFIX.length());
    for (NumericField field : NumericField.values()) {
      if (field.fieldName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The reason of a rejected key, or null for the other keys. */
  public static RejectReason reasonOf(String key) {
    return key.startsWith(REJECTED_PREFIX)
        ? RejectReason.valueOf(key.substring(REJECTED_PREFIX.length()))
        : null;
  }
}
