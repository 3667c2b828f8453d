package io.flowrank.streams.query;

import io.flowrank.core.rules.RejectReason;
import java.util.Map;

/**
 * What the streams app has read, summed over its local tasks.
 *
 * @param webFlows records counted as web flows
 * @param otherFlows well-formed records to other ports
 * @param rejected rejected records by reason
 */
public record StreamStats(long webFlows, long otherFlows, Map<RejectReason, Long> rejected) {

  public StreamStats {
    rejected = Map.copyOf(rejected);
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public long records() {
    return webFlows + otherFlows + rejectedTotal();
  }
}
