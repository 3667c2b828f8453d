package io.flowrank.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.Progress;
import io.flowrank.streams.query.FakeGroup;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Which partitions no instance answers for, with a group described by hand. */
class PeerWatchTest {

  private static final HostInfo SELF = new HostInfo("127.0.0.1", 7070);
  private static final HostInfo OTHER = new HostInfo("127.0.0.1", 7071);

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AtomicReference<KafkaStreams.State> state =
      new AtomicReference<>(KafkaStreams.State.CREATED);
  private final Set<HostInfo> answering = ConcurrentHashMap.newKeySet();
  private final PeerWatch watch =
      new PeerWatch(
          new FakeGroup(4).active(SELF, 0, 1).active(OTHER, 2, 3).viewFrom(SELF),
          state::get,
          (host, timeout) -> answering.contains(host),
          clock::get);

  @Test
  void beforeKafkaStreamsRunsEveryPartitionIsUnserved() {
    watch.check();

    assertUnserved("Kafka Streams is CREATED", 0, 1, 2, 3);
  }

  @Test
  void thePartitionsOfAnInstanceThatDoesNotAnswerAreUnservedUntilItAnswers() {
    state.set(KafkaStreams.State.RUNNING);
    watch.check();
    assertUnserved("its instance 127.0.0.1:7071 does not answer", 2, 3);

    answering.add(OTHER);
    watch.check();
    assertThat(watch.unserved()).isEmpty();

    state.set(KafkaStreams.State.REBALANCING);
    watch.check();
    assertUnserved("its instance 127.0.0.1:7070 is REBALANCING", 0, 1);
  }

  private void assertUnserved(String reason, Integer... partitions) {
    assertThat(watch.unserved())
        .allSatisfy(unserved -> assertThat(unserved.reason()).isEqualTo(reason))
        .extracting(Progress.Unserved::partition)
        .containsExactly(partitions);
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
        .satisfies(
            u ->
                assertThat(u.sinceMillis()).as("served in between: a new outage").isEqualTo(5_000));

    watch.record(Map.of(), 6_000);
    assertThat(watch.unserved()).isEmpty();
  }
}
