package io.flowrank.streams;

import io.flowrank.core.kafka.KafkaClientConfig;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the streams app is started with, immutable. {@link #streamsProperties(String)} is the
 * one place where Kafka Streams properties are built: flowrank's defaults, then these settings, then
 * the user's {@code --config} file last.
 *
 * @param httpHost the HTTP bind address (127.0.0.1 by default: not reachable from other hosts)
 * @param httpPort the HTTP port, 0 for a free one
 * @param applicationServer host:port other instances use to reach this one; empty = the HTTP address
 * @param stateDir where RocksDB keeps the stores; empty = Kafka Streams' default under the temp dir
 * @param partitions partitions of the topics created when absent
 * @param threads stream threads
 * @param standbyReplicas warm copies of each store on other instances, for fail-over and stale reads
 * @param membership the group protocol and session: how fast a dead instance is noticed
 * @param clientConfig the user's Kafka client properties ({@code --config FILE}), applied last
 * @param time the windows of data time and the rule of the events
 */
public record StreamsSettings(
    String bootstrapServers,
    String applicationId,
    String httpHost,
    int httpPort,
    Optional<String> applicationServer,
    WebPorts webPorts,
    Optional<Path> stateDir,
    int partitions,
    int threads,
    int standbyReplicas,
    Membership membership,
    Properties clientConfig,
    TimeSettings time) {

  public static final String DEFAULT_APPLICATION_ID = "flowrank";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 7070;
  /** One warm copy: harmless alone (no standby without a second instance), quick fail-over with two. */
  public static final int DEFAULT_STANDBY_REPLICAS = 1;
  /**
   * Two: with exactly-once, a thread spends a good part of its time waiting for its transaction to
   * commit; a second thread processes meanwhile (README "Performance").
   */
  public static final int DEFAULT_THREADS = 2;

  public StreamsSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(webPorts, "webPorts");
    membership = Objects.requireNonNullElse(membership, Membership.DEFAULT);
    applicationServer = Objects.requireNonNullElse(applicationServer, Optional.empty());
    stateDir = Objects.requireNonNullElse(stateDir, Optional.empty());
    clientConfig = clientConfig == null ? new Properties() : clientConfig;
    time = Objects.requireNonNullElse(time, TimeSettings.DEFAULT);
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("HTTP port must be 0..65535, got " + httpPort);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standby replicas must be 0 or more, got " + standbyReplicas);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  /** Settings with the defaults for everything but the broker address. */
  public static StreamsSettings defaults(String bootstrapServers) {
    return new StreamsSettings(
        bootstrapServers,
        DEFAULT_APPLICATION_ID,
        DEFAULT_HTTP_HOST,
        DEFAULT_HTTP_PORT,
        Optional.empty(),
        WebPorts.DEFAULT,
        Optional.empty(),
        TopicSetup.DEFAULT_PARTITIONS,
        DEFAULT_THREADS,
        DEFAULT_STANDBY_REPLICAS,
        Membership.DEFAULT,
        new Properties(),
        TimeSettings.DEFAULT);
  }

  public StreamsSettings withTime(TimeSettings t) {
    return new StreamsSettings(
        bootstrapServers, applicationId, httpHost, httpPort, applicationServer, webPorts, stateDir,
        partitions, threads, standbyReplicas, membership, clientConfig, t);
  }

  public StreamsSettings withHttp(String host, int port) {
    return new StreamsSettings(
        bootstrapServers, applicationId, host, port, applicationServer, webPorts, stateDir,
        partitions, threads, standbyReplicas, membership, clientConfig, time);
  }

  public StreamsSettings withStateDir(Path dir) {
    return new StreamsSettings(
        bootstrapServers, applicationId, httpHost, httpPort, applicationServer, webPorts,
        Optional.of(dir), partitions, threads, standbyReplicas, membership, clientConfig, time);
  }

  public StreamsSettings withApplicationId(String id) {
    return new StreamsSettings(
        bootstrapServers, id, httpHost, httpPort, applicationServer, webPorts, stateDir, partitions,
        threads, standbyReplicas, membership, clientConfig, time);
  }

  public StreamsSettings withStandbyReplicas(int replicas) {
    return new StreamsSettings(
        bootstrapServers, applicationId, httpHost, httpPort, applicationServer, webPorts, stateDir,
        partitions, threads, replicas, membership, clientConfig, time);
  }

  public StreamsSettings withThreads(int n) {
    return new StreamsSettings(
        bootstrapServers, applicationId, httpHost, httpPort, applicationServer, webPorts, stateDir,
        partitions, n, standbyReplicas, membership, clientConfig, time);
  }

  public StreamsSettings withMembership(Membership m) {
    return new StreamsSettings(
        bootstrapServers, applicationId, httpHost, httpPort, applicationServer, webPorts, stateDir,
        partitions, threads, standbyReplicas, m, clientConfig, time);
  }

  /** @param countsPartitions see {@link TopologySettings#countsPartitions()} */
  public TopologySettings topologySettings(int countsPartitions) {
    return new TopologySettings(webPorts, countsPartitions, time);
  }

  /** Plain client properties (admin, consumers): the broker address, then the user's config. */
  public Properties clientProperties() {
    Properties base = new Properties();
    base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return KafkaClientConfig.merge(base, clientConfig);
  }

  /**
   * The Kafka Streams properties for this instance.
   *
   * @param resolvedApplicationServer host:port of this instance's HTTP API as others reach it
   */
  public Properties streamsProperties(String resolvedApplicationServer) {
    Properties props = new Properties();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // The broker's default replication factor: 1 on the embedded broker, the cluster's elsewhere.
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    // Throughput (issue 5; README "Performance"). Each task reads one partition of one topic and
    // joins nothing, so there is nothing to wait for before processing what is buffered.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Bigger polls and internal producer batches: fewer round trips per record. The commit
    // interval stays at the exactly-once default (100 ms): counts become visible downstream of the
    // repartition only when a transaction commits, so it bounds freshness.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1_000);
    // A record of flows is a frame of up to 512 KiB (FlowFrame): Kafka Streams' default of 1,000
    // buffered records per partition could hold gigabytes of frames. 50 bound it to ~12 MB per
    // partition and cost one flow per record nothing measurable (README "Performance").
    props.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 50);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 4 << 20);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 << 10);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
    // Uncompressed: the app writes small records (per-frame sums, counts, rejected lines), where
    // compression saves little and costs a compressor's buffers per batch (measured: 1 s of CPU
    // less per 10M rows without it; README "Performance").
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
    // Room for the devices counted between two commits (tens of thousands), so the cache absorbs
    // repeated updates instead of evicting to RocksDB and the changelog. Not more: the cache keeps
    // what it holds after a commit, and each entry costs the heap about four times what Kafka
    // Streams accounts for it (measured: 32 MiB held 140 MB of heap after a million devices).
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L << 20);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, resolvedApplicationServer);
    membership.apply(props, groupInstanceId(resolvedApplicationServer));
    stateDir.ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
    return KafkaClientConfig.merge(props, clientConfig);
  }

  /** A group.instance.id from an address: its characters outside [a-zA-Z0-9._-] become '-'. */
  static String groupInstanceId(String applicationServer) {
    return "flowrank-" + applicationServer.replaceAll("[^a-zA-Z0-9._-]", "-");
  }
}
