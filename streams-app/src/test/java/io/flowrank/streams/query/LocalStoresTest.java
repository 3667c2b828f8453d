package io.flowrank.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.kafka.Topics;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.streams.topology.DevicePartitioner;
import io.flowrank.streams.topology.Rankings;
import io.flowrank.streams.topology.TopologySettings;
import io.flowrank.streams.topology.WebServerTopology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This instance's answers from its own stores. */
class LocalStoresTest {

  private static final int PARTITIONS = 2;
  private static final Map<String, Long> COUNTS =
      Map.of("a", 3L, "b", 3L, "c", 1L, "d", 7L, "e", 2L, "f", 3L, "g", 1L);
  private static final List<Integer> BOTH = List.of(0, 1);

  @Test
  void itAnswersOnlyInAStateThatLetsItAnswer() {
    FakeStores stores = new FakeStores(COUNTS, PARTITIONS).active(0, 1);
    LocalStores local = new LocalStores(stores, new Rankings());
    assertThat(local.top(10, BOTH, false).webFlows()).isEqualTo(20);

    stores.inState(KafkaStreams.State.REBALANCING);
    assertThatThrownBy(() -> local.top(10, BOTH, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("Kafka Streams is REBALANCING; add stale=true to read standby copies");
    assertThat(local.top(10, BOTH, true).webFlows()).isEqualTo(20);

    stores.inState(KafkaStreams.State.PENDING_SHUTDOWN);
    assertThatThrownBy(() -> local.stats(BOTH, true))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("Kafka Streams is PENDING_SHUTDOWN");
  }

  @Test
  void aPartitionNotServedHereIsNotReadyBeforeAnyCountIsWritten() throws IOException {
    LocalStores local =
        new LocalStores(new FakeStores(COUNTS, PARTITIONS).active(0).standby(1), new Rankings());
    String inOne =
        COUNTS.keySet().stream()
            .filter(device -> DevicePartitioner.partitionOf(device, PARTITIONS) == 1)
            .findFirst()
            .orElseThrow();

    assertThatThrownBy(() -> local.count(inOne, 1, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("not queryable here now");
    assertThat(local.count(inOne, 1, true)).hasValue(COUNTS.get(inOne));
    assertThat(local.count("never-seen", 1, true)).isEmpty();

    assertThatThrownBy(() -> local.counts(BOTH, false)).isInstanceOf(NotReadyException.class);
    List<DeviceCount> written = new ArrayList<>();
    try (PartitionQueries.Counts counts = local.counts(BOTH, true)) {
      counts.writeTo(collectInto(written));
    }
    assertThat(written)
        .containsExactlyInAnyOrderElementsOf(
            COUNTS.entrySet().stream()
                .map(e -> new DeviceCount(e.getKey(), e.getValue()))
                .toList());
  }

  @Test
  void aPartitionCountedHereAnswersFromItsLiveRankingAsFromItsStore(@TempDir Path stateDir) {
    Rankings rankings = new Rankings();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "local-stores-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            WebServerTopology.build(TopologySettings.defaults(), rankings), props)) {
      TestInputTopic<byte[], byte[]> flows =
          driver.createInputTopic(
              Topics.FLOWS.name(),
              Topics.FLOWS.keySerde().serializer(),
              Topics.FLOWS.valueSerde().serializer());
      COUNTS.forEach(
          (device, count) -> {
            for (int i = 0; i < count; i++) {
              String line = "{\"dstdevice\": \"" + device + "\", \"dstport\": \"443\"}";
              flows.pipeInput((byte[]) null, line.getBytes(StandardCharsets.UTF_8));
            }
          });
      // TopologyTestDriver runs every task as partition 0: its store holds every device.
      LocalStores.Source partitionZero =
          new LocalStores.Source() {
            @Override
            public KafkaStreams.State state() {
              return KafkaStreams.State.RUNNING;
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> store(
                String name, int partition, boolean stale) {
              if (partition != 0) {
                throw new InvalidStateStoreException("only partition 0 here");
              }
              return driver.getKeyValueStore(name);
            }
          };
      assertThat(rankings.of(0)).isPresent();
      LocalStores fromRanking = new LocalStores(partitionZero, rankings);
      LocalStores fromStore = new LocalStores(partitionZero, new Rankings());

      for (int n : new int[] {1, 3, 10}) {
        assertThat(fromRanking.top(n, List.of(0), false))
            .isEqualTo(fromStore.top(n, List.of(0), false));
      }
      assertThat(fromRanking.top(2, List.of(0), false).devices())
          .containsExactly(new DeviceCount("d", 7), new DeviceCount("a", 3));
      COUNTS.forEach(
          (device, count) ->
              assertThat(fromRanking.above(device, count, List.of(0), false))
                  .as(device)
                  .isEqualTo(fromStore.above(device, count, List.of(0), false)));
      assertThat(fromStore.above("f", 3, List.of(0), false))
          .isEqualTo(new PartitionQueries.Above(3, 20));
    }
  }

  private static PartitionQueries.CountsSink collectInto(List<DeviceCount> written) {
    return new PartitionQueries.CountsSink() {
      @Override
      public void accept(DeviceCount count) {
        written.add(count);
      }

      @Override
      public void copy(InputStream ndjson) {
        throw new AssertionError("local counts are handed one by one");
      }
    };
  }
}
