package io.flowrank.cli.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode ({@code broker,controller}), run
 * inside this JVM from the Kafka Maven artifacts: for {@code ./flowrank broker}, {@code ./flowrank
 * demo} and the integration tests.
 *
 * <p>Guarantees: it listens on 127.0.0.1 only; {@link #start} returns once the broker answers an
 * Admin client; the settings a single node needs (replication factor 1 for every internal topic, no
 * initial rebalance delay) are set here so clients need none, and transactions (exactly-once) and
 * Kafka Streams work out of the box. Topics are never auto-created. {@link #stop} and {@link
 * #restart} keep the data and the bootstrap address, so tests can crash and revive the broker;
 * {@link #close} also deletes the data directory when it was a temporary one.
 *
 * <p>Its methods are synchronized, so a shutdown hook may {@link #close} it while another thread
 * uses it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** How long {@link #start} and {@link #restart} wait for the broker to serve requests. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";
  // A port found free can be taken by someone else before Kafka binds it: then look again.
  private static final int BIND_ATTEMPTS = 3;

  private final Settings settings;
  private final Path dataDir;
  private final boolean temporaryDataDir;
  private int port;
  private int controllerPort;
  private KafkaRaftServer server;
  private boolean closed;

  /**
   * What to start.
   *
   * @param port the PLAINTEXT port on 127.0.0.1; 0 picks a free one (kept across {@link #restart})
   * @param dataDir the log directory (created and formatted when needed, reused when already
   *     formatted); {@code null} for a temporary directory deleted by {@link #close}
   * @param overrides broker properties applied last, over flowrank's single-node defaults
   */
  public record Settings(int port, Path dataDir, Map<String, String> overrides) {

    /** Validates the port and copies the overrides. */
    public Settings {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** A free port, a temporary data directory, no overrides. */
    public static Settings defaults() {
      return new Settings(0, null, Map.of());
    }
  }

  private EmbeddedKafkaBroker(Settings settings, Path dataDir, boolean temporaryDataDir) {
    this.settings = settings;
    this.dataDir = dataDir;
    this.temporaryDataDir = temporaryDataDir;
  }

  /**
   * Formats the data directory when it is not formatted yet, starts the broker and returns once it
   * serves requests.
   *
   * @throws IOException when the data directory cannot be created or formatted
   * @throws BrokerStartException when the broker does not come up within {@link #START_TIMEOUT}
   */
  public static EmbeddedKafkaBroker start(Settings settings) throws IOException {
    Objects.requireNonNull(settings, "settings");
    boolean temporary = settings.dataDir() == null;
    Path dataDir =
        temporary
            ? Files.createTempDirectory("flowrank-broker-")
            : Files.createDirectories(settings.dataDir()).toAbsolutePath();
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings, dataDir, temporary);
    long begin = System.nanoTime();
    try {
      broker.startFirstTime();
      LOG.info(
          "embedded Kafka broker ready on {} in {} ms",
          broker.bootstrapServers(),
          millisSince(begin));
      return broker;
    } catch (IOException | RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT}, the same before and after {@link #restart}. */
  public synchronized String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The PLAINTEXT port the broker listens on. */
  public synchronized int port() {
    return port;
  }

  /** The log directory (the KRaft metadata log lives there too). */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether the broker is started (and not stopped or closed). */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Shuts the broker down cleanly and keeps its data directory; does nothing when stopped. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long begin = System.nanoTime();
    KafkaRaftServer stopping = server;
    server = null;
    stopping.shutdown();
    stopping.awaitShutdown();
    LOG.info("embedded broker {} stopped in {} ms", bootstrapServers(), millisSince(begin));
  }

  /**
   * Starts the broker again on the same port and data directory, without formatting it again; stops
   * it first when it is running.
   *
   * @throws BrokerStartException when the broker does not come up within {@link #START_TIMEOUT}
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("the embedded broker is closed");
    }
    stop();
    long begin = System.nanoTime();
    try {
      launch(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info(
        "embedded Kafka broker restarted on {} in {} ms", bootstrapServers(), millisSince(begin));
  }

  /** Stops the broker and deletes the data directory when it was a temporary one; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      if (temporaryDataDir) {
        deleteRecursively(dataDir);
      }
    }
  }

  private synchronized void startFirstTime() throws IOException {
    boolean ephemeral = settings.port() == 0;
    port = ephemeral ? freePort() : settings.port();
    controllerPort = freePort();
    if (!Files.exists(dataDir.resolve(META_PROPERTIES))) {
      // Building the config first rejects bad overrides before the directory is touched.
      newConfig();
      format();
    } else {
      LOG.info("reusing the formatted data directory {}", dataDir);
    }
    launch(ephemeral);
  }

  /**
   * Starts the server. The PLAINTEXT port moves only when this class picked it and it is taken
   * before the first start; on a restart it never moves, as clients keep their bootstrap address.
   * The controller port is not stored in the data directory (static quorum), so it may always move.
   */
  private void launch(boolean portMayMove) throws IOException {
    for (int attempt = 1; ; attempt++) {
      if (!isFree(port)) {
        if (!portMayMove) {
          throw new BrokerStartException(
              "cannot start the embedded Kafka broker: " + HOST + ":" + port + " is already in use",
              null);
        }
        port = freePort();
      }
      if (!isFree(controllerPort)) {
        controllerPort = freePort();
      }
      try {
        startServer();
        return;
      } catch (BrokerStartException e) {
        // Someone bound a port between the check above and Kafka's bind: check and pick again.
        if (attempt >= BIND_ATTEMPTS || !isBindFailure(e)) {
          throw e;
        }
        LOG.warn("a port was taken while the embedded Kafka broker started; trying again");
      }
    }
  }

  private void startServer() {
    long begin = System.nanoTime();
    long deadline = begin + START_TIMEOUT.toNanos();
    KafkaRaftServer starting;
    try {
      // Reads meta.properties: fails on a directory formatted for another node.
      starting = new KafkaRaftServer(newConfig(), Time.SYSTEM);
    } catch (RuntimeException e) {
      throw new BrokerStartException(
          "cannot start the embedded Kafka broker on " + dataDir + ": " + e.getMessage(), e);
    }
    try {
      starting.startup();
      awaitServing(deadline);
    } catch (RuntimeException e) {
      shutDownQuietly(starting);
      throw e instanceof BrokerStartException b
          ? b
          : new BrokerStartException(
              "the embedded Kafka broker on " + bootstrapServers() + " failed to start: " + e, e);
    }
    server = starting;
    LOG.debug("broker process serving on {} after {} ms", bootstrapServers(), millisSince(begin));
  }

  /** Blocks until an Admin client describes a cluster with this node in it. */
  private void awaitServing(long deadlineNanos) {
    long remainingMs =
        Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "flowrank-embedded-broker-probe");
    admin.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
    admin.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
    admin.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    try (Admin client = Admin.create(admin)) {
      int timeoutMs = (int) Math.min(Integer.MAX_VALUE, remainingMs);
      var nodes =
          client
              .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
              .nodes()
              .get(remainingMs, TimeUnit.MILLISECONDS);
      if (nodes.stream().noneMatch(node -> node.id() == NODE_ID)) {
        throw new BrokerStartException(
            "the embedded Kafka broker on " + bootstrapServers() + " is not in its own cluster",
            null);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerStartException(
          "the embedded Kafka broker on "
              + bootstrapServers()
              + " did not serve requests within "
              + START_TIMEOUT.toSeconds()
              + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("interrupted while starting the embedded Kafka broker", e);
    }
  }

  /** The data directory's first start: the equivalent of {@code kafka-storage.sh format}. */
  private void format() throws IOException {
    boolean unstableFeatures =
        Boolean.parseBoolean(
            settings.overrides().getOrDefault("unstable.feature.versions.enable", "false"));
    String clusterId = Uuid.randomUuid().toString();
    try (PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(NODE_ID)
          .setClusterId(clusterId)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(dataDir.toString())
          .addDirectory(dataDir.toString())
          .setUnstableFeatureVersionsEnabled(unstableFeatures)
          .run();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot format the Kafka data directory " + dataDir + ": " + e, e);
    }
    LOG.info("formatted {} for cluster {}", dataDir, clusterId);
  }

  private KafkaConfig newConfig() {
    Properties properties = new Properties();
    properties.putAll(brokerProperties(port, controllerPort, dataDir, settings.overrides()));
    return new KafkaConfig(properties, false);
  }

  /**
   * The broker's properties: a single node on 127.0.0.1, then {@code overrides} on top. Package
   * private so tests can read what is set.
   */
  static Map<String, String> brokerProperties(
      int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", dataDir.toString());
    p.put("metadata.log.dir", dataDir.toString());
    // One node: every internal topic has one replica, and few partitions so start-up is quick.
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "4");
    // Nobody else will join: start consumer and streams groups without waiting for members.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.streams.initial.rebalance.delay.ms", "0");
    // Short sessions allowed (the streams app asks for 3 s, README "Recovery"): a killed instance's
    // partitions move on within seconds. Kafka's own minimums are 6 s (classic groups) and 45 s,
    // heartbeats 5 s (streams groups).
    p.put("group.min.session.timeout.ms", "1000");
    p.put("group.streams.min.session.timeout.ms", "1000");
    p.put("group.streams.min.heartbeat.interval.ms", "300");
    // Topics are created explicitly (TopicSetup); a typo must not create a topic.
    p.put("auto.create.topics.enable", "false");
    // The log cleaner (compacted replay log and offsets) would take 128 MiB of heap by default.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    // A broker that cannot register in time fails start instead of hanging.
    p.put("server.max.startup.time.ms", Long.toString(START_TIMEOUT.toMillis()));
    p.putAll(overrides);
    return p;
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void shutDownQuietly(KafkaRaftServer starting) {
    try {
      starting.shutdown();
      starting.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("error while shutting down a broker that failed to start", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete the temporary broker directory {}: {}", dir, e.toString());
    }
  }

  private static long millisSince(long beginNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beginNanos);
  }
}
