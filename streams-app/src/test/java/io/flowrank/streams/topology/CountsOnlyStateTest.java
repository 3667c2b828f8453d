package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance restarted by this version over the local state of flowrank before evidence, whose
 * {@code webserver-counts} held a count per device (String → the 8-byte Long): its counter refuses
 * that state when its task starts, naming the way out, instead of reading those devices as devices
 * whose flows were never answered.
 */
class CountsOnlyStateTest {

  /**
   * The topology of the stores left behind, windows aside: a task that finds some of its stores
   * without a committed offset is wiped and restored (in production, from changelogs the driver
   * does not have).
   */
  private static final TopologySettings COUNTS_ONLY =
      new TopologySettings(WebPorts.DEFAULT, 4, TimeSettings.OFF);

  @TempDir Path stateDir;

  private Properties props;

  @BeforeEach
  void settings() {
    props = DrivenTopology.settings(stateDir, WebPorts.DEFAULT).streamsProperties("127.0.0.1:0");
  }

  /**
   * Leaves a store as task 0_0 leaves it when it stops: Kafka's RocksDB store of that name in the
   * task's folder ({@code <state.dir>/<application.id>/0_0}; the driver runs that one task), its
   * entries written by the serdes given, its changelog offset committed. A driver of the earlier
   * topology cannot leave it: under exactly-once its stores reach the disk when it closes, and
   * closing the driver deletes its state folder.
   */
  private <K, V> void storeLeftBehind(
      String name, Serde<K> keys, Serde<V> values, Map<K, V> entries) throws IOException {
    Path taskDir =
        Files.createDirectories(stateDir.resolve(DrivenTopology.APPLICATION_ID).resolve("0_0"));
    KeyValueStore<K, V> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
            // The changelog lives on the broker; the local store is the same without it.
            .withLoggingDisabled()
            .build();
    store.init(
        new MockProcessorContext<Void, Void>(props, new TaskId(0, 0), taskDir.toFile())
            .getStateStoreContext(),
        store);
    entries.forEach(store::put);
    String changelog = DrivenTopology.APPLICATION_ID + "-" + name + "-changelog";
    store.commit(Map.of(new TopicPartition(changelog, 0), (long) entries.size()));
    store.close();
  }

  /**
   * The counts store with these values, and the task's other stores. Under exactly-once a task
   * whose folder holds a store without a committed offset is wiped and restored from the changelogs
   * (where an upgraded instance finds the same counts); the driver restores nothing, so every store
   * is left committed and the task starts from its folder as it is.
   */
  private <V> void stateLeftBehind(Serde<V> values, Map<String, V> counts) throws IOException {
    storeLeftBehind(Names.COUNTS_STORE, Serdes.String(), values, counts);
    storeLeftBehind(
        Names.STATS_STORE, Serdes.String(), Serdes.Long(), Map.of(FlowStats.WEB_FLOWS, 17_243L));
    storeLeftBehind(Names.CLIENTS_STORE, Serdes.Bytes(), Serdes.ByteArray(), Map.of());
  }

  @Test
  void theCounterRefusesAStoreOfCountsNamingFlowrankReset() throws IOException {
    stateLeftBehind(Serdes.Long(), Map.of("EnterpriseAppServer", 14_199L, "Comp576843", 3_044L));

    assertThatThrownBy(
            () ->
                new TopologyTestDriver(WebServerTopology.build(COUNTS_ONLY), props)
                    .close())
        .satisfies(
            failure ->
                assertThat(IncompatibleStateException.in(failure))
                    .as("an IncompatibleStateException among the causes of %s", failure)
                    .hasValueSatisfying(
                        incompatible ->
                            assertThat(incompatible.getMessage())
                                .contains(
                                    "webserver-counts holds counts written by an earlier flowrank")
                                .contains("flowrank reset")));
  }

  @Test
  void theSameStoreOfEvidenceIsReadBackIntoTheStoreAndTheRankings() throws IOException {
    // The control: the same folder and store, this version's values, and the task starts.
    Evidence kept =
        new Evidence(3, 2, 1, Total.of(10), Total.of(20), PortCounts.NONE.plus(443, 3), 1, 2);
    stateLeftBehind(EvidenceFormat.serde(), Map.of("EnterpriseAppServer", kept));

    Rankings rankings = new Rankings();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            WebServerTopology.build(COUNTS_ONLY, rankings), props)) {
      KeyValueStore<String, DeviceCounts> store = driver.getKeyValueStore(Names.COUNTS_STORE);
      assertThat(store.get("EnterpriseAppServer")).isEqualTo(DeviceCounts.allTime(kept));
      assertThat(rankings.of(0).orElseThrow().evidenceOf("EnterpriseAppServer")).contains(kept);
      KeyValueStore<String, Long> stats = driver.getKeyValueStore(Names.STATS_STORE);
      assertThat(stats.get(FlowStats.WEB_FLOWS)).isEqualTo(17_243L);
    }
  }
}
