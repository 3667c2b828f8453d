package io.flowrank.streams.query;

import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.rules.RejectReason;
import java.util.Map;

/**
 * What the streams app has read, summed over its local tasks.
 *
 * @param webFlows records counted as web flows
 * @param otherFlows well-formed records to other ports
 * @param rejected rejected records by reason
 * @param incomplete web flows per numeric field they lack (docs/design.md §1.5)
 * @param late web flows that came after their window closed (docs/design.md, "Time")
 */
public record StreamStats(
    long webFlows,
    long otherFlows,
    Map<RejectReason, Long> rejected,
    Map<NumericField, Long> incomplete,
    long late) {

  public StreamStats {
    rejected = Map.copyOf(rejected);
    incomplete = incomplete == null ? Map.of() : Map.copyOf(incomplete);
  }

  /** Nothing read yet. */
  public static final StreamStats NONE = new StreamStats(0, 0, Map.of(), Map.of(), 0);

  /** These figures and {@code other}'s, summed. */
  public StreamStats plus(StreamStats other) {
    Map<RejectReason, Long> rejectedSum = new java.util.EnumMap<>(RejectReason.class);
    rejectedSum.putAll(rejected);
    other.rejected.forEach((reason, n) -> rejectedSum.merge(reason, n, Long::sum));
    Map<NumericField, Long> incompleteSum = new java.util.EnumMap<>(NumericField.class);
    incompleteSum.putAll(incomplete);
    other.incomplete.forEach((field, n) -> incompleteSum.merge(field, n, Long::sum));
    return new StreamStats(
        webFlows + other.webFlows,
        otherFlows + other.otherFlows,
        rejectedSum,
        incompleteSum,
        late + other.late);
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public long records() {
    return webFlows + otherFlows + rejectedTotal();
  }
}
