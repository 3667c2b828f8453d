package io.flowrank.streams.query;

import io.flowrank.core.kafka.Topics;
import io.flowrank.streams.topology.DevicePartitioner;
import io.flowrank.streams.topology.Names;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
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

  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;
  private final String countsTopic;
  private final int countsPartitions;
  private final Supplier<Integer> flowsPartitions;

  /**
   * @param self this instance's {@code application.server}
   * @param countsPartitions how many partitions {@code webserver-counts} (and the repartition topic
   *     that feeds it) has
   * @param flowsPartitions how many partitions {@code flows} has (read from the cluster when asked)
   */
  public ClusterView(
      Supplier<KafkaStreams> streams,
      HostInfo self,
      String applicationId,
      int countsPartitions,
      Supplier<Integer> flowsPartitions) {
    this.streams = streams;
    this.self = self;
    this.countsTopic = Names.repartitionTopic(applicationId);
    this.countsPartitions = countsPartitions;
    this.flowsPartitions = flowsPartitions;
  }

  public HostInfo self() {
    return self;
  }

  /** How many partitions {@code webserver-counts} has. */
  public int partitionCount() {
    return countsPartitions;
  }

  /**
   * For each partition of {@code webserver-counts}, the hosts that may serve it: the active one, then
   * (with {@code stale}) the standbys. Every partition has at least one, or this is an error.
   */
  public Map<Integer, List<HostInfo>> countsHosts(boolean stale) {
    return hosts(countsTopic, countsPartitions, stale);
  }

  /** The same for the partitions of {@code flows}, which hold {@code flow-stats}. */
  public Map<Integer, List<HostInfo>> statsHosts(boolean stale) {
    return hosts(Topics.FLOWS.name(), flowsPartitions.get(), stale);
  }

  /**
   * Which instance serves which partition of {@code webserver-counts} now, as active and as
   * standby, and how many partitions have an active instance: what a dashboard shows, so never a
   * {@link NotReadyException} for a partition without one (only while Kafka Streams is not started).
   */
  public Layout layout() {
    Map<String, Instance> instances = new TreeMap<>();
    java.util.Set<Integer> covered = new java.util.TreeSet<>();
    for (StreamsMetadata client : current().metadataForAllStreamsClients()) {
      HostInfo host = client.hostInfo();
      List<Integer> active = partitionsOf(client.topicPartitions());
      List<Integer> standby = partitionsOf(client.standbyTopicPartitions());
      covered.addAll(active);
      instances.put(
          host.host() + ":" + host.port(),
          new Instance(host.host() + ":" + host.port(), host.equals(self), active, standby));
    }
    return new Layout(covered.size(), countsPartitions, List.copyOf(instances.values()));
  }

  private List<Integer> partitionsOf(java.util.Set<TopicPartition> partitions) {
    return partitions.stream()
        .filter(tp -> tp.topic().equals(countsTopic))
        .map(TopicPartition::partition)
        .sorted()
        .toList();
  }

  /** One instance of the application and the partitions of {@code webserver-counts} it holds. */
  public record Instance(String host, boolean self, List<Integer> active, List<Integer> standby) {}

  /** The partitions with an active instance, of how many, and every instance. */
  public record Layout(int covered, int total, List<Instance> instances) {}

  /** The partition of a device's key and the hosts that hold it, active first. */
  public KeyQueryMetadata ownerOf(String dstdevice) {
    KeyQueryMetadata metadata =
        current()
            .queryMetadataForKey(
                Names.COUNTS_STORE, dstdevice, DevicePartitioner.byDstdevice());
    if (metadata == null || metadata.partition() < 0) {
      throw new NotReadyException("no instance holds the counts yet");
    }
    return metadata;
  }

  private Map<Integer, List<HostInfo>> hosts(String topic, int total, boolean stale) {
    Map<Integer, List<HostInfo>> hosts = new TreeMap<>();
    Collection<StreamsMetadata> all = current().metadataForAllStreamsClients();
    for (StreamsMetadata client : all) {
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
            "partition " + partition + " of " + total + " has no " + (stale ? "" : "active ")
                + "instance now (rebalancing or an instance is down)");
      }
    }
    return hosts;
  }

  private KafkaStreams current() {
    KafkaStreams current = streams.get();
    if (current == null) {
      throw new NotReadyException("Kafka Streams is not started yet");
    }
    return current;
  }
}
