package io.flowrank.streams.query;

import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The global answers, whichever instance is asked: each partition is read where it lives (locally,
 * or through another instance's internal API) and the parts are merged. Each device lives in one
 * partition, so the global top-N is the merge of the per-instance top-Ns. An answer covers every
 * partition or fails with {@link NotReadyException}.
 */
public final class QueryService {

  private final LocalStores local;
  private final ClusterView cluster;
  private final RemoteInstances remote;

  public QueryService(LocalStores local, ClusterView cluster, RemoteInstances remote) {
    this.local = local;
    this.cluster = cluster;
    this.remote = remote;
  }

  public LocalStores local() {
    return local;
  }

  /** The global top-N and the number of partitions it covers (always all of them). */
  public Ranked top(int n, boolean stale) {
    Map<HostInfo, List<Integer>> owners = cluster.countsOwners(stale);
    List<List<DeviceCount>> parts = new ArrayList<>();
    int covered = 0;
    for (var entry : owners.entrySet()) {
      parts.add(
          isSelf(entry.getKey())
              ? local.top(n, entry.getValue(), stale)
              : remote.top(entry.getKey(), n, entry.getValue(), stale));
      covered += entry.getValue().size();
    }
    return new Ranked(TopN.merge(parts, n), covered, cluster.partitionCount());
  }

  /** One device's count, from the instance that owns its key (or a standby with {@code stale}). */
  public OptionalLong count(String dstdevice, boolean stale) {
    KeyQueryMetadata owner = cluster.ownerOf(dstdevice);
    List<HostInfo> hosts = new ArrayList<>();
    if (owner.activeHost() != null && owner.activeHost().port() >= 0) {
      hosts.add(owner.activeHost());
    }
    if (stale) {
      hosts.addAll(owner.standbyHosts());
    }
    NotReadyException last = new NotReadyException("no instance holds this device's partition now");
    for (HostInfo host : hosts) {
      try {
        return isSelf(host)
            ? local.count(dstdevice, owner.partition(), stale)
            : remote.count(host, dstdevice, owner.partition(), stale);
      } catch (NotReadyException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Writes every device's count to {@code sink}. Ownership is checked for every partition before the
   * first count; a failure after that aborts the response (the client sees a broken body, never a
   * short one).
   */
  public void writeCounts(boolean stale, CountsSink sink) throws IOException {
    Map<HostInfo, List<Integer>> owners = cluster.countsOwners(stale);
    for (var entry : owners.entrySet()) {
      if (isSelf(entry.getKey())) {
        for (int partition : entry.getValue()) {
          local.forEachCount(partition, stale, sink::accept);
        }
      } else {
        try (InputStream body = remote.counts(entry.getKey(), entry.getValue(), stale)) {
          sink.copy(body);
        }
      }
    }
  }

  /** Where the counts go: one count at a time, or NDJSON already written by another instance. */
  public interface CountsSink {
    void accept(DeviceCount count);

    void copy(InputStream ndjson) throws IOException;
  }

  /** The flow statistics over every partition of {@code flows}. */
  public StreamStats stats() {
    Map<HostInfo, List<Integer>> owners = cluster.statsOwners(false);
    long web = 0;
    long other = 0;
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    for (var entry : owners.entrySet()) {
      StreamStats part =
          isSelf(entry.getKey())
              ? local.stats(entry.getValue(), false)
              : remote.stats(entry.getKey(), entry.getValue(), false);
      web += part.webFlows();
      other += part.otherFlows();
      part.rejected().forEach((reason, count) -> rejected.merge(reason, count, Long::sum));
    }
    return new StreamStats(web, other, rejected);
  }

  private boolean isSelf(HostInfo host) {
    return host.equals(cluster.self());
  }

  /** A ranking and how many of the partitions it covers. */
  public record Ranked(List<DeviceCount> devices, int covered, int total) {}
}
