package io.flowrank.streams;

import io.flowrank.core.kafka.KafkaClientConfig;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.kafka.Topics;
import io.flowrank.streams.http.HttpApi;
import io.flowrank.streams.monitoring.PeerWatch;
import io.flowrank.streams.monitoring.ProgressTracker;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.LocalStores;
import io.flowrank.streams.query.QueryService;
import io.flowrank.streams.query.RemoteInstances;
import io.flowrank.streams.topology.Names;
import io.flowrank.streams.topology.Rankings;
import io.flowrank.streams.topology.WebServerTopology;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the streams app: creates the topics when absent, starts the HTTP API (first, so
 * its port can be announced as {@code application.server}), then Kafka Streams with the {@link
 * WebServerTopology}. {@link #close()} stops Kafka Streams with a timeout, then the HTTP server.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TOPIC_METADATA_WAIT = Duration.ofSeconds(30);
  private static final int MAX_THREAD_FAILURES = 5;
  private static final Duration THREAD_FAILURE_WINDOW = Duration.ofMinutes(5);

  private final HttpApi http;
  private final KafkaStreams streams;
  private final ProgressTracker progress;
  private final RateHistory rates;
  private final PeerWatch peers;
  private final KafkaStreamsMetrics streamsMetrics;
  private final String httpAddress;

  private StreamsApp(
      HttpApi http,
      KafkaStreams streams,
      ProgressTracker progress,
      RateHistory rates,
      PeerWatch peers,
      KafkaStreamsMetrics streamsMetrics,
      String httpAddress) {
    this.http = http;
    this.streams = streams;
    this.progress = progress;
    this.rates = rates;
    this.peers = peers;
    this.streamsMetrics = streamsMetrics;
    this.httpAddress = httpAddress;
  }

  /** Starts an instance; returns once Kafka Streams is started (not necessarily RUNNING yet). */
  public static StreamsApp start(StreamsSettings requested)
      throws InterruptedException, ExecutionException {
    Properties clientProps = requested.clientProperties();
    int countsPartitions;
    StreamsSettings settings;
    try (Admin admin = Admin.create(clientProps)) {
      TopicSetup.ensureTopics(admin, requested.partitions());
      countsPartitions = countsPartitions(admin, requested.applicationId());
      settings =
          requested.withMembership(
              requested
                  .membership()
                  .prepare(admin, requested.applicationId(), requested.standbyReplicas()));
    }

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);

    var holder =
        new Object() {
          KafkaStreams streams;
          ProgressTracker progress;
          QueryService queries;
          PeerWatch peers;
        };
    RateHistory rates = new RateHistory();
    HttpApi http =
        HttpApi.start(
            settings.httpHost(),
            settings.httpPort(),
            new HttpApi.Backend(
                settings.applicationId(),
                settings.webPorts(),
                () -> holder.queries,
                () -> holder.progress,
                () -> holder.streams,
                () -> holder.peers,
                rates,
                metrics));
    String httpAddress = settings.httpHost() + ":" + http.port();
    String applicationServer = settings.applicationServer().orElse(httpAddress);

    Rankings rankings = new Rankings();
    Topology topology =
        WebServerTopology.build(settings.topologySettings(countsPartitions), rankings);
    Properties props = settings.streamsProperties(applicationServer);
    LOG.info("starting Kafka Streams with {}", KafkaClientConfig.redacted(props));
    KafkaStreams streams = new KafkaStreams(topology, props);
    // A failed stream thread is replaced: with exactly-once its open transaction is aborted and the
    // new thread resumes from the last commit, so a transient fault (a broker restart) costs nothing.
    // A fault that keeps coming back is not transient: the client shuts down (state ERROR), and
    // `flowrank stream` exits instead of replacing threads forever.
    ThreadFailures failures = new ThreadFailures(MAX_THREAD_FAILURES, THREAD_FAILURE_WINDOW);
    streams.setUncaughtExceptionHandler(
        e -> {
          if (failures.tooMany()) {
            LOG.error("stream threads keep failing; shutting Kafka Streams down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          LOG.error("a stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (newState, oldState) -> {
          LOG.info("Kafka Streams {} -> {}", oldState, newState);
          PeerWatch peers = holder.peers;
          if (peers != null) {
            peers.checkSoon();
          }
        });
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    ProgressTracker progress =
        new ProgressTracker(
            () -> holder.streams,
            () -> holder.queries.stats(),
            rates,
            () -> holder.peers == null ? List.of() : holder.peers.unserved(),
            clientProps,
            settings.applicationId());
    ClusterView cluster =
        new ClusterView(
            () -> holder.streams,
            HostInfo.buildFromEndpoint(applicationServer),
            settings.applicationId(),
            countsPartitions,
            progress::flowsPartitionCount);
    RemoteInstances remote = new RemoteInstances();
    holder.queries =
        new QueryService(new LocalStores(() -> holder.streams, rankings), cluster, remote);
    holder.progress = progress;
    holder.streams = streams;
    PeerWatch peers = new PeerWatch(cluster, () -> holder.streams, remote, System::currentTimeMillis);
    holder.peers = peers;
    streams.start();
    peers.start();
    rates.startSampling(
        () -> streams.state() == KafkaStreams.State.RUNNING,
        () -> holder.queries.stats(),
        System::currentTimeMillis);
    LOG.info("HTTP API on http://{} (application.server {})", httpAddress, applicationServer);
    return new StreamsApp(http, streams, holder.progress, rates, peers, streamsMetrics, httpAddress);
  }

  /**
   * The partitions of {@code webserver-counts}: those of the repartition topic that feeds it when
   * it exists (they never change for an application id), else those of {@code flows}.
   */
  private static int countsPartitions(Admin admin, String applicationId)
      throws InterruptedException, ExecutionException {
    String repartition = Names.repartitionTopic(applicationId);
    Set<String> existing = admin.listTopics().names().get();
    String topic = existing.contains(repartition) ? repartition : Topics.FLOWS.name();
    // A topic created a moment ago may not be in the broker's metadata yet: ask again, briefly.
    long deadline = System.nanoTime() + TOPIC_METADATA_WAIT.toNanos();
    while (true) {
      try {
        int partitions =
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        LOG.info("counting into {} partitions (those of {})", partitions, topic);
        return partitions;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** host:port of the HTTP API. */
  public String httpAddress() {
    return httpAddress;
  }

  public String httpUrl() {
    return "http://" + httpAddress;
  }

  @Override
  public void close() {
    // Leave the group at once, so the other instances take over now rather than after the session
    // timeout.
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
    rates.close();
    peers.close();
    streamsMetrics.close();
    progress.close();
    http.close();
  }

  /** Counts stream-thread failures in a sliding window. */
  static final class ThreadFailures {
    private final int max;
    private final long windowNanos;
    private final java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>();

    ThreadFailures(int max, Duration window) {
      this.max = max;
      this.windowNanos = window.toNanos();
    }

    /** Records a failure now; true when more than {@code max} fell within the window. */
    boolean tooMany() {
      return tooMany(System.nanoTime());
    }

    synchronized boolean tooMany(long now) {
      times.addLast(now);
      while (!times.isEmpty() && now - times.peekFirst() > windowNanos) {
        times.removeFirst();
      }
      return times.size() > max;
    }
  }
}
