package io.flowrank.streams.query;

import io.flowrank.core.kafka.Topics;
import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.streams.topology.Names;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A consumer group described by hand, as Kafka Streams' metadata would tell it: which host holds
 * which partition, active or standby. A host holding partition p holds it of {@code flows} and of
 * the repartition topic (the counts) alike.
 */
public final class FakeGroup implements ClusterView.Metadata {

  public static final String APPLICATION_ID = "query-test";

  private final int partitions;
  private final Map<HostInfo, Set<TopicPartition>> active = new LinkedHashMap<>();
  private final Map<HostInfo, Set<TopicPartition>> standby = new LinkedHashMap<>();

  public FakeGroup(int partitions) {
    this.partitions = partitions;
  }

  public FakeGroup active(HostInfo host, Integer... held) {
    add(active, host, held);
    standby.computeIfAbsent(host, h -> new HashSet<>());
    return this;
  }

  public FakeGroup standby(HostInfo host, Integer... held) {
    add(standby, host, held);
    active.computeIfAbsent(host, h -> new HashSet<>());
    return this;
  }

  /** The cluster view of the instance at {@code self}. */
  public ClusterView viewFrom(HostInfo self) {
    return new ClusterView(this, self, APPLICATION_ID, partitions, partitions);
  }

  private static void add(Map<HostInfo, Set<TopicPartition>> map, HostInfo host, Integer[] held) {
    Set<TopicPartition> set = map.computeIfAbsent(host, h -> new HashSet<>());
    for (int partition : held) {
      set.add(new TopicPartition(Topics.FLOWS.name(), partition));
      set.add(new TopicPartition(Names.repartitionTopic(APPLICATION_ID), partition));
    }
  }

  @Override
  public List<StreamsMetadata> clients() {
    return active.keySet().stream()
        .map(host -> (StreamsMetadata) new Client(host, active.get(host), standby.get(host)))
        .toList();
  }

  /** As Kafka Streams finds a key's hosts: its partition, then who holds that partition. */
  @Override
  public KeyQueryMetadata ofDevice(String dstdevice) {
    int partition = DevicePartitioner.partitionOf(dstdevice, partitions);
    TopicPartition counts = new TopicPartition(Names.repartitionTopic(APPLICATION_ID), partition);
    HostInfo owner = HostInfo.unavailable();
    Set<HostInfo> standbys = new HashSet<>();
    for (HostInfo host : active.keySet()) {
      if (active.get(host).contains(counts)) {
        owner = host;
      }
      if (standby.get(host).contains(counts)) {
        standbys.add(host);
      }
    }
    return new KeyQueryMetadata(owner, standbys, partition);
  }

  private record Client(
      HostInfo hostInfo,
      Set<TopicPartition> topicPartitions,
      Set<TopicPartition> standbyTopicPartitions)
      implements StreamsMetadata {

    @Override
    public Set<String> stateStoreNames() {
      return Set.of(Names.COUNTS_STORE, Names.STATS_STORE);
    }

    @Override
    public Set<String> standbyStateStoreNames() {
      return Set.of(Names.COUNTS_STORE, Names.STATS_STORE);
    }

    @Override
    public String host() {
      return hostInfo.host();
    }

    @Override
    public int port() {
      return hostInfo.port();
    }
  }
}
