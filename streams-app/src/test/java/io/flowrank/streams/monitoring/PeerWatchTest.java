package io.flowrank.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.Progress;
import io.flowrank.streams.query.ClusterView;
import io.flowrank.streams.query.RemoteInstances;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class PeerWatchTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final PeerWatch watch =
      new PeerWatch(
          new ClusterView(() -> null, new HostInfo("127.0.0.1", 7070), "app", 4, () -> 4),
          () -> null,
          new RemoteInstances(),
          clock::get);

  @Test
  void beforeKafkaStreamsStartsEveryPartitionIsUnserved() {
    watch.check();

    assertThat(watch.unserved())
        .extracting(Progress.Unserved::partition)
        .containsExactly(0, 1, 2, 3);
    assertThat(watch.unserved().get(0).reason()).isEqualTo("Kafka Streams is not started");
  }

  @Test
  void aPartitionKeepsItsFirstSightingUntilServedAgain() {
    watch.record(Map.of(2, "its instance 127.0.0.1:7071 does not answer"), 1_000);
    clock.set(3_500);
    watch.record(Map.of(2, "no active instance", 3, "no active instance"), 3_000);

    assertThat(watch.unserved())
        .containsExactly(
            new Progress.Unserved(2, 1_000, "1970-01-01T00:00:01Z", 2_500, "no active instance"),
            new Progress.Unserved(3, 3_000, "1970-01-01T00:00:03Z", 500, "no active instance"));

    watch.record(Map.of(3, "no active instance"), 4_000);
    watch.record(Map.of(2, "no active instance"), 5_000);
    assertThat(watch.unserved())
        .singleElement()
        .satisfies(u -> assertThat(u.sinceMillis()).as("served in between: a new outage").isEqualTo(5_000));

    watch.record(Map.of(), 6_000);
    assertThat(watch.unserved()).isEmpty();
  }
}
