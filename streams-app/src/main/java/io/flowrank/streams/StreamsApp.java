package io.flowrank.streams;

import io.flowrank.core.kafka.KafkaClientConfig;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.kafka.Topics;
import io.flowrank.streams.http.ApiRoutes;
import io.flowrank.streams.http.Backend;
import io.flowrank.streams.http.HttpApi;
import io.flowrank.streams.http.OperationsRoutes;
import io.flowrank.streams.http.WindowRoutes;
import io.flowrank.streams.monitoring.PeerWatch;
import io.flowrank.streams.monitoring.ProgressTracker;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.peers.InternalRoutes;
import io.flowrank.streams.peers.RemoteInstances;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.LocalStores;
import io.flowrank.streams.query.QueryService;
import io.flowrank.streams.topology.IncompatibleStateException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the streams app: creates the topics when absent, starts the HTTP API (first, so
 * its port can be announced as {@code application.server}), then Kafka Streams with the {@link
 * WebServerTopology} and what answers from it: the queries ({@link QueryService}) and the
 * monitoring ({@link ProgressTracker}, {@link PeerWatch}, {@link RateHistory}). {@link #close()}
 * stops Kafka Streams with a timeout, then the rest, the HTTP server last.
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
  private final AtomicReference<RuntimeException> fatal;
  private final CrashedState crashed;

  private StreamsApp(
      HttpApi http,
      KafkaStreams streams,
      ProgressTracker progress,
      RateHistory rates,
      PeerWatch peers,
      KafkaStreamsMetrics streamsMetrics,
      String httpAddress,
      AtomicReference<RuntimeException> fatal,
      CrashedState crashed) {
    this.http = http;
    this.streams = streams;
    this.progress = progress;
    this.rates = rates;
    this.peers = peers;
    this.streamsMetrics = streamsMetrics;
    this.httpAddress = httpAddress;
    this.fatal = fatal;
    this.crashed = crashed;
  }

  /**
   * Why Kafka Streams was shut down for good, when it was for a reason the user must act on (state
   * of another version: {@link IncompatibleStateException}).
   */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(fatal.get());
  }

  /** Starts an instance; returns once Kafka Streams is started (not necessarily RUNNING yet). */
  public static StreamsApp start(StreamsSettings requested)
      throws InterruptedException, ExecutionException {
    Properties clientProps = requested.clientProperties();
    Partitions partitions;
    StreamsSettings settings;
    try (Admin admin = Admin.create(clientProps)) {
      Set<String> topics = TopicSetup.ensureTopics(admin, requested.partitions());
      partitions = partitions(admin, requested.applicationId(), topics);
      settings =
          requested.withMembership(
              requested
                  .membership()
                  .prepare(admin, requested.applicationId(), requested.standbyReplicas()));
    }
    String applicationId = settings.applicationId();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    RateHistory rates = new RateHistory();

    // The HTTP server first: its port (a free one for port 0) is this instance's address in the
    // group. Until the backend serves what is built below, what needs Kafka Streams answers 503.
    Backend backend = new Backend();
    HttpApi http =
        HttpApi.start(
            settings.httpHost(),
            settings.httpPort(),
            metrics,
            new ApiRoutes(applicationId, settings.webPorts(), rates, backend),
            new WindowRoutes(settings.webPorts(), backend),
            new InternalRoutes(partitions.flows(), settings.webPorts().asList(), backend::local),
            new OperationsRoutes(backend, metrics));
    String httpAddress = settings.httpHost() + ":" + http.port();
    String applicationServer = settings.applicationServer().orElse(httpAddress);

    Rankings rankings = new Rankings();
    AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    Properties props = settings.streamsProperties(applicationServer);
    KafkaStreams streams = kafkaStreams(settings, partitions, rankings, props, fatal);
    CrashedState crashed = CrashedState.wipeIfCrashed(streams, new StreamsConfig(props));
    ClusterView cluster =
        new ClusterView(
            streams,
            HostInfo.buildFromEndpoint(applicationServer),
            applicationId,
            partitions.counts(),
            partitions.flows());
    RemoteInstances remote = new RemoteInstances();
    LocalStores local = new LocalStores(streams, rankings);
    QueryService queries =
        new QueryService(local, cluster, remote::at, settings.time().windows());
    PeerWatch peers =
        new PeerWatch(cluster, streams::state, remote::answers, System::currentTimeMillis);
    streams.setStateListener(
        (newState, oldState) -> {
          LOG.info("Kafka Streams {} -> {}", oldState, newState);
          peers.checkSoon();
        });
    // Started before the rest is built (its clients and metrics take a few hundred milliseconds):
    // the group join and the restoration need no more than the above.
    streams.start();
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    ProgressTracker progress =
        new ProgressTracker(
            streams, queries::stats, rates, peers::unserved, clientProps, applicationId);
    backend.serve(new Backend.Services(streams, queries, local, progress, peers));
    peers.start();
    rates.startSampling(
        () -> streams.state() == KafkaStreams.State.RUNNING,
        queries::stats,
        System::currentTimeMillis);
    LOG.info("HTTP API on http://{} (application.server {})", httpAddress, applicationServer);
    return new StreamsApp(
        http, streams, progress, rates, peers, streamsMetrics, httpAddress, fatal, crashed);
  }

  /** Kafka Streams with the topology and {@code props}; not started. */
  private static KafkaStreams kafkaStreams(
      StreamsSettings settings,
      Partitions partitions,
      Rankings rankings,
      Properties props,
      AtomicReference<RuntimeException> fatal) {
    Topology topology =
        WebServerTopology.build(settings.topologySettings(partitions.counts()), rankings);
    LOG.info("starting Kafka Streams with {}", KafkaClientConfig.redacted(props));
    KafkaStreams streams = new KafkaStreams(topology, props);
    // A failed stream thread is replaced: with exactly-once its open transaction is aborted and the
    // new thread resumes from the last commit, so a transient fault (a broker restart) costs
    // nothing.
    // A fault that keeps coming back is not transient: the client shuts down (state ERROR), and
    // `flowrank stream` exits instead of replacing threads forever.
    ThreadFailures failures = new ThreadFailures(MAX_THREAD_FAILURES, THREAD_FAILURE_WINDOW);
    streams.setUncaughtExceptionHandler(
        e -> {
          var incompatible = IncompatibleStateException.in(e);
          if (incompatible.isPresent()) {
            LOG.error("{}", incompatible.get().getMessage());
            fatal.set(incompatible.get());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          if (failures.tooMany()) {
            LOG.error("stream threads keep failing; shutting Kafka Streams down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          LOG.error("a stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    return streams;
  }

  /**
   * The partitions of {@code flows} (they hold {@code flow-stats}), and of the counts: those of the
   * repartition topic that feeds them when it exists (they never change for an application id),
   * else those of {@code flows}. An application whose state is of the counts-only version is
   * refused here ({@link IncompatibleStateException}).
   */
  record Partitions(int flows, int counts) {}

  private static Partitions partitions(Admin admin, String applicationId, Set<String> existing)
      throws InterruptedException, ExecutionException {
    String repartition = Names.repartitionTopic(applicationId);
    String flows = Topics.FLOWS.name();
    // State of the version before evidence cannot be counted on: refuse before touching it.
    String countsOnly = Names.countsOnlyRepartitionTopic(applicationId);
    if (existing.contains(countsOnly)) {
      throw IncompatibleStateException.countsOnlyApplication(applicationId, countsOnly);
    }
    List<String> topics =
        existing.contains(repartition) ? List.of(flows, repartition) : List.of(flows);
    // A topic created a moment ago may not be in the broker's metadata yet: ask again, briefly.
    long deadline = System.nanoTime() + TOPIC_METADATA_WAIT.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get();
        String countsSource = topics.get(topics.size() - 1);
        Partitions partitions =
            new Partitions(
                described.get(flows).partitions().size(),
                described.get(countsSource).partitions().size());
        LOG.info("counting into {} partitions (those of {})", partitions.counts(), countsSource);
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
    boolean closed =
        streams.close(
            CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    if (closed) {
      crashed.stoppedCleanly();
    }
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
