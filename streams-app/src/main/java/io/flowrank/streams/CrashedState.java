package io.flowrank.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under exactly-once, the local state of an instance that did not stop cleanly is wiped before
 * Kafka Streams starts. A store written since its last clean close cannot be trusted then (it may
 * hold uncommitted writes), and Kafka Streams would wipe it and restore it from its changelog
 * anyway, but only after finding that out the slow way: it opens every store at start, again when
 * its task is assigned, and the discovery costs a second rebalance. {@link KafkaStreams#cleanUp()}
 * first leaves it the restoration without the detour (README "Recovery" has the figures).
 *
 * <p>Whether the last run stopped cleanly is a marker file beside the application's state folder,
 * {@code <state.dir>/<application.id>.running}: written at start, deleted once Kafka Streams
 * closed in time. A marker left behind means a kill, a crash or a close that timed out; the cost of
 * wiping a store that was in fact intact (no write since its last clean close) is its restoration.
 * Under at-least-once local state survives a kill and is kept.
 */
final class CrashedState {

  private static final Logger LOG = LoggerFactory.getLogger(CrashedState.class);

  private final Path marker;

  private CrashedState(Path marker) {
    this.marker = marker;
  }

  /**
   * Wipes the local state of {@code streams} when the last run did not stop cleanly, then marks
   * this run as running. Call it after {@code new KafkaStreams(...)}, which locks the state folder
   * against another instance, and before {@code start()}.
   *
   * @return the marker to clear with {@link #stoppedCleanly()}; none under at-least-once
   */
  static CrashedState wipeIfCrashed(KafkaStreams streams, StreamsConfig config) {
    String guarantee = config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
      return new CrashedState(null);
    }
    String applicationId = config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
    Path marker =
        Path.of(config.getString(StreamsConfig.STATE_DIR_CONFIG))
            .resolve(applicationId + ".running");
    try {
      if (Files.exists(marker)) {
        LOG.info(
            "the last run of {} did not stop cleanly: its local state is wiped before start and"
                + " restored from the changelogs (under exactly-once a store written since its last"
                + " clean close cannot be trusted)",
            applicationId);
        streams.cleanUp();
      } else {
        Files.createDirectories(marker.getParent());
        Files.createFile(marker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
    return new CrashedState(marker);
  }

  /** Kafka Streams closed in time: the next start may trust the local state. */
  void stoppedCleanly() {
    if (marker == null) {
      return;
    }
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: the next start wipes the local state ({})", marker, e.toString());
    }
  }
}
