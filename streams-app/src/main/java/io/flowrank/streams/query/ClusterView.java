package io.flowrank.streams.query;

import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.streams.topology.Names;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who serves which partition, from Kafka Streams' metadata (every instance announces its {@code
 * application.server}): the counts live in the partitions of the repartition topic, the flow
 * statistics in those of {@code flows}. Each device lives in exactly one partition.
 */
public final class ClusterView {

  /** What Kafka Streams knows of the group now. */
  public interface Metadata {
    /** Every instance of the group, with the partitions it holds. */
    Collection<StreamsMetadata> clients();

    /** The partition of the counts that holds {@code dstdevice}, and the hosts holding it. */
    KeyQueryMetadata ofDevice(String dstdevice);
  }

  private final Metadata metadata;
  private final HostInfo self;
  private final String countsTopic;
  private final int countsPartitions;
  private final int flowsPartitions;

  /**
   * @param self this instance's {@code application.server}
   * @param countsPartitions how many partitions the counts (and the repartition topic that feeds
   *     them) have
   * @param flowsPartitions how many partitions {@code flows} has
   */
  public ClusterView(
      KafkaStreams streams,
      HostInfo self,
      String applicationId,
      int countsPartitions,
      int flowsPartitions) {
    this(
        new Metadata() {
          @Override
          public Collection<StreamsMetadata> clients() {
            return streams.metadataForAllStreamsClients();
          }

          @Override
          public KeyQueryMetadata ofDevice(String dstdevice) {
            // The device's partition of the counts, whatever the partitions of flows (the store's
            // task reads both, and Kafka Streams would take the larger count).
            int partition = DevicePartitioner.partitionOf(dstdevice, countsPartitions);
            return streams.queryMetadataForKey(
                Names.COUNTS_STORE,
                dstdevice,
                (topic, key, value, partitions) -> Optional.of(Set.of(partition)));
          }
        },
        self,
        applicationId,
        countsPartitions,
        flowsPartitions);
  }

  public ClusterView(
      Metadata metadata,
      HostInfo self,
      String applicationId,
      int countsPartitions,
      int flowsPartitions) {
    this.metadata = metadata;
    this.self = self;
    this.countsTopic = Names.repartitionTopic(applicationId);
    this.countsPartitions = countsPartitions;
    this.flowsPartitions = flowsPartitions;
  }

  public HostInfo self() {
    return self;
  }

  /** How many partitions the counts have. */
  public int partitionCount() {
    return countsPartitions;
  }

  /**
   * For each partition of the counts, the hosts that may serve it: the active one, then (with
   * {@code stale}) the standbys. Every partition has at least one, or this is a {@link
   * NotReadyException}.
   */
  public Map<Integer, List<HostInfo>> countsHosts(boolean stale) {
    return hosts(countsTopic, countsPartitions, stale);
  }

  /** The same for the partitions of {@code flows}, which hold {@code flow-stats}. */
  public Map<Integer, List<HostInfo>> statsHosts(boolean stale) {
    return hosts(Topics.FLOWS.name(), flowsPartitions, stale);
  }

  /**
   * Which instance serves which partition of the counts now, as active and as standby, and how many
   * partitions have an active instance: what a dashboard shows, so never a {@link
   * NotReadyException} for a partition without one.
   */
  public Layout layout() {
    Map<String, ClusterAnswer.Instance> instances = new TreeMap<>();
    Set<Integer> covered = new TreeSet<>();
    for (StreamsMetadata client : metadata.clients()) {
      HostInfo host = client.hostInfo();
      List<Integer> active = partitionsOf(client.topicPartitions());
      List<Integer> standby = partitionsOf(client.standbyTopicPartitions());
      covered.addAll(active);
      String address = host.host() + ":" + host.port();
      instances.put(
          address, new ClusterAnswer.Instance(address, host.equals(self), active, standby));
    }
    return new Layout(covered.size(), countsPartitions, List.copyOf(instances.values()));
  }

  /** The partitions with an active instance, of how many, and every instance. */
  public record Layout(int covered, int total, List<ClusterAnswer.Instance> instances) {

    /** Before Kafka Streams is built: nothing known. */
    public static final Layout NONE = new Layout(0, 0, List.of());
  }

  /** The partition of a device's key and the hosts that hold it, active first. */
  public KeyQueryMetadata ownerOf(String dstdevice) {
    KeyQueryMetadata owner = metadata.ofDevice(dstdevice);
    if (owner == null || owner.partition() < 0) {
      throw new NotReadyException("no instance holds the counts yet");
    }
    return owner;
  }

  private List<Integer> partitionsOf(Set<TopicPartition> partitions) {
    return partitions.stream()
        .filter(tp -> tp.topic().equals(countsTopic))
        .map(TopicPartition::partition)
        .sorted()
        .toList();
  }

  private Map<Integer, List<HostInfo>> hosts(String topic, int total, boolean stale) {
    Map<Integer, List<HostInfo>> hosts = new TreeMap<>();
    for (StreamsMetadata client : metadata.clients()) {
      for (TopicPartition tp : client.topicPartitions()) {
        if (tp.topic().equals(topic)) {
          hosts.computeIfAbsent(tp.partition(), p -> new ArrayList<>()).add(0, client.hostInfo());
        }
      }
      if (stale) {
        for (TopicPartition tp : client.standbyTopicPartitions()) {
          if (tp.topic().equals(topic)) {
            hosts.computeIfAbsent(tp.partition(), p -> new ArrayList<>()).add(client.hostInfo());
          }
        }
      }
    }
    for (int partition = 0; partition < total; partition++) {
      if (!hosts.containsKey(partition)) {
        throw new NotReadyException(
            "partition "
                + partition
                + " of "
                + total
                + " has no "
                + (stale ? "" : "active ")
                + "instance now (rebalancing or an instance is down)");
      }
    }
    return hosts;
  }
}
