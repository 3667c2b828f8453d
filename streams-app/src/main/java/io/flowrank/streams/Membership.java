package io.flowrank.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an instance belongs to its application's group, and so how fast a dead instance is noticed
 * (README "Recovery").
 *
 * <ul>
 *   <li>{@link Protocol#CLASSIC} (the default): the consumer group protocol with static membership
 *       ({@code group.instance.id} from the instance's address: a restarted instance takes its
 *       tasks back without a rebalance) and a short session: a killed instance is noticed after
 *       {@link #sessionTimeout()}, the survivors promote their standby copies and answer again.
 *   <li>{@link Protocol#STREAMS}: the broker-driven streams rebalance protocol (KIP-1071). The
 *       session timeout, heartbeat and standby replicas are then the group's configuration, which
 *       {@link #prepare} sets on the broker; Kafka 4.3 rejects static membership there.
 * </ul>
 *
 * <p>A session shorter than the broker allows would fail the join: {@link #prepare} reads the
 * broker's minimum first and raises the session to it (stock brokers: 6 s classic, 45 s streams;
 * flowrank's embedded broker allows 1 s).
 *
 * @param protocol the group protocol
 * @param sessionTimeout how long a silent instance keeps its tasks
 */
public record Membership(Protocol protocol, Duration sessionTimeout) {

  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /**
   * 3 s: a killed instance is noticed 2-3 s later (heartbeats every second), and its partitions
   * are served again within about 4 s. A live instance misses its session only if its heartbeat
   * thread stalls for 3 s (the stream threads' own work does not count: they have {@code
   * max.poll.interval.ms}).
   */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(3);

  public static final Membership DEFAULT = new Membership(Protocol.CLASSIC, DEFAULT_SESSION_TIMEOUT);

  /** The broker's defaults when its configuration cannot be read (no DESCRIBE_CONFIGS right). */
  static final Duration STOCK_CLASSIC_MIN_SESSION = Duration.ofSeconds(6);

  static final Duration STOCK_STREAMS_MIN_SESSION = Duration.ofSeconds(45);
  static final Duration STOCK_STREAMS_MIN_HEARTBEAT = Duration.ofSeconds(5);

  static final String CLASSIC_MIN_SESSION = "group.min.session.timeout.ms";
  static final String STREAMS_MIN_SESSION = "group.streams.min.session.timeout.ms";
  static final String STREAMS_MIN_HEARTBEAT = "group.streams.min.heartbeat.interval.ms";

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

  /** The group protocol; the name is what {@code --group-protocol} takes. */
  public enum Protocol {
    CLASSIC,
    STREAMS;

    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** "classic" or "streams", any case. */
    public static Protocol parse(String text) {
      for (Protocol p : values()) {
        if (p.configValue().equalsIgnoreCase(text.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "unknown group protocol '" + text + "' (expected classic or streams)");
    }
  }

  public Membership {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    if (sessionTimeout.toMillis() < 1_000 || sessionTimeout.toMillis() > 300_000) {
      throw new IllegalArgumentException(
          "session timeout must be 1 s to 5 min, got " + sessionTimeout.toMillis() + " ms");
    }
  }

  /** A third of the session, as Kafka advises: two heartbeats may be lost before it expires. */
  public Duration heartbeatInterval() {
    return sessionTimeout.dividedBy(3);
  }

  /**
   * Puts the membership's client properties. Under the streams protocol the session, heartbeat and
   * standbys are the group's, set by {@link #prepare}; the client would ignore them.
   *
   * @param groupInstanceId this instance's static member id (classic protocol only)
   */
  void apply(Properties props, String groupInstanceId) {
    props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol.configValue());
    if (protocol == Protocol.CLASSIC) {
      props.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
          (int) sessionTimeout.toMillis());
      props.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
          (int) heartbeatInterval().toMillis());
      // Static membership (KIP-345): an instance restarted with the same address takes its tasks
      // back without a rebalance. Kafka Streams suffixes the id per stream thread.
      props.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), groupInstanceId);
    }
  }

  /**
   * Readies the membership against the broker, reading its configuration once: the session raised
   * to the broker's minimum when below it (a join with a shorter one would be refused; unreadable:
   * Kafka's stock minimum assumed), and under the streams protocol the group's session, heartbeat
   * and standby replicas set on the broker (the client's own are ignored there).
   *
   * @return the membership as it will run
   */
  public Membership prepare(Admin admin, String applicationId, int standbyReplicas)
      throws InterruptedException {
    Optional<Config> broker = brokerConfig(admin);
    boolean classic = protocol == Protocol.CLASSIC;
    String key = classic ? CLASSIC_MIN_SESSION : STREAMS_MIN_SESSION;
    Duration minimum =
        setting(broker, key).orElse(classic ? STOCK_CLASSIC_MIN_SESSION : STOCK_STREAMS_MIN_SESSION);
    Membership fitted = this;
    if (sessionTimeout.compareTo(minimum) < 0) {
      LOG.warn(
          "session timeout {} ms is below the broker's {} ({} ms): using {} ms; a killed instance"
              + " is noticed that much later (README \"Recovery\")",
          sessionTimeout.toMillis(),
          key,
          minimum.toMillis(),
          minimum.toMillis());
      fitted = new Membership(protocol, minimum);
    }
    if (!classic) {
      Duration minHeartbeat =
          setting(broker, STREAMS_MIN_HEARTBEAT).orElse(STOCK_STREAMS_MIN_HEARTBEAT);
      fitted.configureStreamsGroup(admin, applicationId, standbyReplicas, minHeartbeat);
    }
    return fitted;
  }

  private void configureStreamsGroup(
      Admin admin, String applicationId, int standbyReplicas, Duration minHeartbeat)
      throws InterruptedException {
    Duration heartbeat =
        heartbeatInterval().compareTo(minHeartbeat) < 0 ? minHeartbeat : heartbeatInterval();
    Map<String, String> settings =
        Map.of(
            "streams.session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
            "streams.heartbeat.interval.ms", Long.toString(heartbeat.toMillis()),
            "streams.num.standby.replicas", Integer.toString(standbyReplicas));
    List<AlterConfigOp> ops =
        settings.entrySet().stream()
            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), OpType.SET))
            .toList();
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, applicationId);
    try {
      admin
          .incrementalAlterConfigs(Map.of(group, ops))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("streams group {} configured: {}", applicationId, settings);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "cannot configure streams group {} ({}): the broker's defaults apply",
          applicationId,
          e.getCause() == null ? e.toString() : e.getCause().toString());
    }
  }

  /** A numeric setting of the broker's configuration, as a duration in milliseconds. */
  private static Optional<Duration> setting(Optional<Config> broker, String key) {
    ConfigEntry entry = broker.map(config -> config.get(key)).orElse(null);
    if (entry == null || entry.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofMillis(Long.parseLong(entry.value())));
    } catch (NumberFormatException e) {
      LOG.warn("the broker's {} is not a number ({}): assuming Kafka's default", key, entry.value());
      return Optional.empty();
    }
  }

  /** The configuration of one broker, or empty when it cannot be read (no DESCRIBE_CONFIGS). */
  private static Optional<Config> brokerConfig(Admin admin) throws InterruptedException {
    try {
      Collection<Node> nodes =
          admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (nodes.isEmpty()) {
        return Optional.empty();
      }
      ConfigResource broker =
          new ConfigResource(
              ConfigResource.Type.BROKER, Integer.toString(nodes.iterator().next().id()));
      return Optional.ofNullable(
          admin
              .describeConfigs(List.of(broker))
              .all()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(broker));
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot read the broker's configuration ({}): assuming Kafka's defaults", e.toString());
      return Optional.empty();
    }
  }
}
