package io.flowrank.core.kafka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of flowrank when they are absent; existing topics are left as they are. The
 * replication factor is the broker's default, so the same code serves a single embedded broker and a
 * cluster.
 */
public final class TopicSetup {

  /** The default partition count of {@code flows} and {@code flows-rejected}. */
  public static final int DEFAULT_PARTITIONS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /**
   * Makes sure {@code flows}, {@code flows-rejected}, the replay log and {@code webserver-events}
   * exist.
   *
   * @return the topics of the cluster: those listed, and those created now (one round trip fewer
   *     for a caller that needs them too)
   */
  public static Set<String> ensureTopics(Admin admin, int partitions)
      throws InterruptedException, ExecutionException {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1");
    }
    List<NewTopic> wanted =
        List.of(
            new NewTopic(Topics.FLOWS.name(), Optional.of(partitions), Optional.empty()),
            new NewTopic(Topics.FLOWS_REJECTED.name(), Optional.of(partitions), Optional.empty()),
            new NewTopic(Topics.WEBSERVER_EVENTS.name(), Optional.of(partitions), Optional.empty()),
            new NewTopic(Topics.REPLAY_LOG.name(), Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    for (NewTopic topic : wanted) {
      if (!existing.contains(topic.name())) {
        missing.add(topic);
      }
    }
    if (missing.isEmpty()) {
      return existing;
    }
    for (var entry : admin.createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get();
        LOG.info("created topic {}", entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    Set<String> now = new HashSet<>(existing);
    missing.forEach(topic -> now.add(topic.name()));
    return Set.copyOf(now);
  }
}
