package io.flowrank.streams.http;

import io.flowrank.core.api.Progress;
import io.flowrank.streams.monitoring.PeerWatch;
import io.flowrank.streams.monitoring.ProgressTracker;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.PartitionQueries;
import io.flowrank.streams.query.QueryService;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the routes answer from once Kafka Streams is built. The HTTP server starts first, so that
 * its port (a free one for port 0) can be announced as {@code application.server}; until {@link
 * #serve} a route that needs these answers 503 "not started", {@code /health} and {@code
 * /api/cluster} answer {@code NOT_STARTED}.
 */
public final class Backend {

  /** The objects built with Kafka Streams. */
  public record Services(
      KafkaStreams streams,
      QueryService queries,
      PartitionQueries local,
      ProgressTracker progress,
      PeerWatch peers) {}

  private volatile Services services;

  /** From now on the routes answer from {@code services}. */
  public void serve(Services services) {
    this.services = services;
  }

  /** Kafka Streams' state, {@code NOT_STARTED} before it is built. */
  public String state() {
    Services now = services;
    return now == null ? "NOT_STARTED" : now.streams().state().name();
  }

  public QueryService queries() {
    return require().queries();
  }

  /** This instance's own partitions, for the internal API. */
  public PartitionQueries local() {
    return require().local();
  }

  public ProgressTracker progress() {
    return require().progress();
  }

  /** The partitions no instance answers for now; none known before Kafka Streams is built. */
  public List<Progress.Unserved> unserved() {
    Services now = services;
    return now == null ? List.of() : now.peers().unserved();
  }

  /** Who serves which partition; nothing before Kafka Streams is built. */
  public ClusterView.Layout layout() {
    Services now = services;
    return now == null ? ClusterView.Layout.NONE : now.queries().layout();
  }

  private Services require() {
    Services now = services;
    if (now == null) {
      throw new NotReadyException("Kafka Streams is not started yet");
    }
    return now;
  }
}
