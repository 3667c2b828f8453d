package io.flowrank.streams.query;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.time.Windowing;
import io.flowrank.streams.query.PartitionQueries.Above;
import io.flowrank.streams.query.PartitionQueries.Counts;
import io.flowrank.streams.query.PartitionQueries.CountsSink;
import io.flowrank.streams.query.PartitionQueries.TopPart;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The global answers, whichever instance is asked: each partition is read where it lives (here, or
 * through another instance's internal API) and the parts are merged. Each device lives in one
 * partition, so the global top-N is the merge of the per-partition top-Ns. A host that fails is
 * replaced by the next one holding the partition (a standby, with {@code stale}); an answer covers
 * every partition or fails with {@link NotReadyException}.
 */
public final class QueryService {

  private final PartitionQueries local;
  private final ClusterView cluster;
  private final Function<HostInfo, ? extends PartitionQueries> remote;
  private final Optional<Windowing> windowing;

  /** With the default windows. */
  public QueryService(
      PartitionQueries local,
      ClusterView cluster,
      Function<HostInfo, ? extends PartitionQueries> remote) {
    this(local, cluster, remote, Optional.of(Windowing.DEFAULT));
  }

  /**
   * @param local this instance's answers
   * @param remote the answers of another instance, at its {@code application.server}
   * @param windowing the windows of data time the application keeps, if any
   */
  public QueryService(
      PartitionQueries local,
      ClusterView cluster,
      Function<HostInfo, ? extends PartitionQueries> remote,
      Optional<Windowing> windowing) {
    this.local = local;
    this.cluster = cluster;
    this.remote = remote;
    this.windowing = windowing;
  }

  /** The windows of data time the application keeps; empty with windows off. */
  public Optional<Windowing> windowing() {
    return windowing;
  }

  /**
   * The global top-N by {@code by}, the number of partitions it covers (always all of them), the
   * web flows counted in those partitions and the measure's total over every device, read with
   * their rankings.
   */
  public Ranked top(int n, Measure by, boolean stale) {
    return ranked(n, by, stale, (at, partitions) -> at.top(n, by, partitions, stale));
  }

  /** A ranking of nothing over every partition: {@code latest} before any window holds a flow. */
  public Ranked nothingRanked() {
    return new Ranked(
        List.of(), cluster.partitionCount(), cluster.partitionCount(), 0, BigInteger.ZERO);
  }

  /** {@link #top} of the window starting at {@code window}. */
  public Ranked windowTop(int n, Measure by, long window, boolean stale) {
    return ranked(n, by, stale, (at, partitions) -> at.windowTop(n, by, window, partitions, stale));
  }

  private Ranked ranked(
      int n, Measure by, boolean stale, BiFunction<PartitionQueries, List<Integer>, TopPart> ask) {
    Map<Integer, List<HostInfo>> hosts = cluster.countsHosts(stale);
    List<TopPart> parts = gather(hosts, ask);
    List<RankedEvidence> devices = new ArrayList<>();
    long webFlows = 0;
    BigInteger total = BigInteger.ZERO;
    for (TopPart part : parts) {
      for (DeviceAnswer device : part.devices()) {
        devices.add(new RankedEvidence(device.dstdevice(), device.evidence()));
      }
      webFlows += part.webFlows();
      total = total.add(part.total());
    }
    devices.sort(RankedEvidence.order(by));
    List<RankedEvidence> top = List.copyOf(devices.subList(0, Math.min(n, devices.size())));
    return new Ranked(top, hosts.size(), cluster.partitionCount(), webFlows, total);
  }

  /**
   * One device's evidence, from the instance that owns its key (or a standby with {@code stale});
   * empty when it was never seen.
   */
  public Optional<Evidence> evidence(String dstdevice, boolean stale) {
    return atOwner(dstdevice, stale, (at, partition) -> at.evidence(dstdevice, partition, stale));
  }

  /**
   * A device's evidence per window held, oldest first (docs/design.md, "Time"), from the instance
   * that owns its key; empty when no window held counted it.
   */
  public List<PartitionQueries.WindowEvidence> timeline(String dstdevice, boolean stale) {
    Held held = windows(stale);
    return atOwner(dstdevice, stale, (at, partition) -> at.timeline(dstdevice, partition, stale))
        .stream()
        .filter(point -> held.at(point.start()).isPresent())
        .toList();
  }

  /** Asks the instance that owns the device's key (then its standbys, with {@code stale}). */
  private <T> T atOwner(
      String dstdevice, boolean stale, BiFunction<PartitionQueries, Integer, T> query) {
    KeyQueryMetadata owner = cluster.ownerOf(dstdevice);
    List<HostInfo> hosts = new ArrayList<>();
    if (owner.activeHost() != null && owner.activeHost().port() >= 0) {
      hosts.add(owner.activeHost());
    }
    if (stale) {
      hosts.addAll(owner.standbyHosts());
    }
    return gather(
            Map.of(owner.partition(), hosts),
            (at, partitions) -> query.apply(at, owner.partition()))
        .get(0);
  }

  /**
   * The windows held over every partition, oldest first, and the data time the stream reached: the
   * largest {@code time} counted in a window. A window is held while its end plus the retention is
   * above that time, in every partition alike (a partition may keep an older one a while longer:
   * it is left out here), and open while its end plus the grace is.
   */
  public Held windows(boolean stale) {
    Windowing windows = windowing.orElseThrow(() -> new IllegalStateException("windows are off"));
    Map<Long, long[]> merged = new TreeMap<>();
    long reached = 0;
    for (List<PartitionQueries.WindowPart> part :
        gather(cluster.countsHosts(stale), (at, partitions) -> at.windows(partitions, stale))) {
      for (PartitionQueries.WindowPart window : part) {
        long[] sums = merged.computeIfAbsent(window.start(), s -> new long[1]);
        sums[0] += window.webFlows();
        reached = Math.max(reached, window.lastSeen());
      }
    }
    List<WindowAnswer> held = new ArrayList<>();
    for (Map.Entry<Long, long[]> window : merged.entrySet()) {
      long start = window.getKey();
      if (windows.held(start, reached)) {
        held.add(
            new WindowAnswer(
                start, windows.endOf(start), window.getValue()[0], windows.open(start, reached)));
      }
    }
    return new Held(held, reached);
  }

  /** The newest events over every partition, newest first ({@link PartitionQueries#NEWEST}). */
  public List<ServerEvent> events(int limit, boolean stale) {
    List<ServerEvent> events = new ArrayList<>();
    gather(cluster.countsHosts(stale), (at, partitions) -> at.events(limit, partitions, stale))
        .forEach(events::addAll);
    events.sort(PartitionQueries.NEWEST);
    return List.copyOf(events.subList(0, Math.min(limit, events.size())));
  }

  /**
   * Writes every device's evidence to {@code sink}. Every partition is made sure of before the
   * first device (local stores checked, other instances' answers opened), so a missing partition
   * is a clean error; a failure after that can only come mid-stream and must abort the response.
   */
  public void writeCounts(boolean stale, CountsSink sink) throws IOException {
    writeCounts(stale, sink, (at, partitions) -> at.counts(partitions, stale));
  }

  /** {@link #writeCounts(boolean, CountsSink)} of the window starting at {@code window}. */
  public void writeWindowCounts(long window, boolean stale, CountsSink sink) throws IOException {
    writeCounts(stale, sink, (at, partitions) -> at.windowCounts(window, partitions, stale));
  }

  private void writeCounts(
      boolean stale, CountsSink sink, BiFunction<PartitionQueries, List<Integer>, Counts> ask)
      throws IOException {
    List<Counts> opened = new ArrayList<>();
    try {
      gather(
          cluster.countsHosts(stale),
          (at, partitions) -> {
            Counts part = ask.apply(at, partitions);
            opened.add(part);
            return part;
          });
      for (Counts counts : opened) {
        counts.writeTo(sink);
      }
    } finally {
      for (Counts counts : opened) {
        counts.close();
      }
    }
  }

  /**
   * A device's evidence, its rank among every device by {@code by} (1 for the first, ranked as
   * {@code /api/top} ranks), the web flows and the measure's total over every device; empty when
   * the device was never seen. They are read one after the other, so while flows arrive they may
   * be a moment apart; once the stream has caught up they are exact.
   */
  public Optional<DeviceRank> rank(String dstdevice, Measure by, boolean stale) {
    Optional<Evidence> evidence = evidence(dstdevice, stale);
    if (evidence.isEmpty()) {
      return Optional.empty();
    }
    long score = by.score(evidence.get());
    long above = 0;
    long webFlows = 0;
    BigInteger total = BigInteger.ZERO;
    for (Above part :
        gather(
            cluster.countsHosts(stale),
            (at, partitions) -> at.above(dstdevice, by, score, partitions, stale))) {
      above += part.above();
      webFlows += part.webFlows();
      total = total.add(part.total());
    }
    return Optional.of(new DeviceRank(dstdevice, evidence.get(), above + 1, webFlows, total));
  }

  /** Who serves which partition now, for the dashboard. */
  public ClusterView.Layout layout() {
    return cluster.layout();
  }

  /** The flow statistics over every partition of {@code flows}. */
  public StreamStats stats() {
    return stats(false);
  }

  /** The same, read from standby copies too with {@code stale}. */
  public StreamStats stats(boolean stale) {
    StreamStats sum = StreamStats.NONE;
    for (StreamStats part :
        gather(cluster.statsHosts(stale), (at, partitions) -> at.stats(partitions, stale))) {
      sum = sum.plus(part);
    }
    return sum;
  }

  /**
   * Asks each partition's first host, grouping partitions by host; the partitions of a host that
   * fails go to their next host. Fails when a partition runs out of hosts.
   */
  private <T> List<T> gather(
      Map<Integer, List<HostInfo>> hosts, BiFunction<PartitionQueries, List<Integer>, T> query) {
    Map<Integer, Integer> attempt = new HashMap<>();
    List<Integer> remaining = new ArrayList<>(hosts.keySet());
    List<T> results = new ArrayList<>();
    NotReadyException last = null;
    while (!remaining.isEmpty()) {
      Map<HostInfo, List<Integer>> round = new LinkedHashMap<>();
      for (int partition : remaining) {
        List<HostInfo> candidates = hosts.get(partition);
        int next = attempt.getOrDefault(partition, 0);
        if (next >= candidates.size()) {
          throw last != null
              ? last
              : new NotReadyException("no instance can serve partition " + partition + " now");
        }
        round.computeIfAbsent(candidates.get(next), h -> new ArrayList<>()).add(partition);
      }
      remaining = new ArrayList<>();
      for (var entry : round.entrySet()) {
        try {
          results.add(query.apply(at(entry.getKey()), entry.getValue()));
        } catch (NotReadyException e) {
          last = e;
          for (int partition : entry.getValue()) {
            attempt.merge(partition, 1, Integer::sum);
            remaining.add(partition);
          }
        }
      }
    }
    return results;
  }

  private PartitionQueries at(HostInfo host) {
    return host.equals(cluster.self()) ? local : remote.apply(host);
  }

  /** The windows held, oldest first, and the data time the stream reached. */
  public record Held(List<WindowAnswer> windows, long reached) {

    public Held {
      windows = List.copyOf(windows);
    }

    /** The newest window, if any. */
    public Optional<WindowAnswer> latest() {
      return windows.isEmpty() ? Optional.empty() : Optional.of(windows.get(windows.size() - 1));
    }

    /** The window held that starts at {@code start}, if any. */
    public Optional<WindowAnswer> at(long start) {
      return windows.stream().filter(w -> w.start() == start).findFirst();
    }
  }

  /**
   * A device's evidence and rank by a measure, the web flows of every device and the measure's
   * total over every device.
   */
  public record DeviceRank(
      String dstdevice, Evidence evidence, long rank, long webFlows, BigInteger measureTotal) {}

  /**
   * A ranking, how many of the partitions it covers, the web flows counted in them and the ranking
   * measure's total over every device of them.
   */
  public record Ranked(
      List<RankedEvidence> devices,
      int covered,
      int total,
      long webFlows,
      BigInteger measureTotal) {}
}
