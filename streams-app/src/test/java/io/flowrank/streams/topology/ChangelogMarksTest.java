package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every changelog of a task gets a record soon after the task starts, even while its store holds
 * nothing: a tombstone of a key no flow has, which no reader sees ({@link ChangelogMarks}).
 */
class ChangelogMarksTest {

  @TempDir Path stateDir;

  @Test
  void everyEmptyStoreOfAStartedTaskGetsOneTombstoneInItsChangelog() {
    try (DrivenTopology topology = DrivenTopology.start(stateDir, TimeSettings.DEFAULT)) {
      assertThat(changelogRecords(topology)).as("before the first punctuation").isEmpty();

      topology.driver().advanceWallClockTime(ChangelogMarks.DELAY);
      Map<String, List<TestRecord<byte[], byte[]>>> marked = changelogRecords(topology);
      assertThat(marked).containsOnlyKeys(storesOf(TimeSettings.DEFAULT)).hasSize(9);
      marked.forEach(
          (store, records) -> {
            assertThat(records).as(store).hasSize(1);
            assertThat(records.get(0).value()).as("the value in %s", store).isNull();
          });
      assertThat(topology.evidence()).isEmpty();
      assertThat(topology.stats()).isEmpty();
      assertThat(topology.windows()).isEmpty();
      assertThat(topology.announced()).isEmpty();

      topology.driver().advanceWallClockTime(Duration.ofMinutes(1));
      assertThat(changelogRecords(topology)).as("once per start only").isEmpty();
    }
  }

  @Test
  void aStoreThatHoldsRecordsIsNotMarked() {
    try (DrivenTopology topology = DrivenTopology.start(stateDir, TimeSettings.DEFAULT)) {
      topology.sendFrame(
          List.of(FlowLine.lanl("C1", "S1", "443"), FlowLine.lanl("C2", "S1", "80")));
      changelogRecords(topology); // what the frame wrote

      topology.driver().advanceWallClockTime(ChangelogMarks.DELAY);

      // One device in its first window: its window stores, the announced and the pending events
      // are empty (the progress store holds the frame's partition of flows).
      assertThat(changelogRecords(topology))
          .containsOnlyKeys(
              Names.WINDOW_COUNTS_STORE,
              Names.WINDOW_CLIENTS_STORE,
              Names.ANNOUNCED_STORE,
              Names.PENDING_EVENTS_STORE);
      assertThat(topology.evidence()).containsOnlyKeys("S1");
      assertThat(topology.evidence().get("S1").clients()).isEqualTo(2);
    }
  }

  @Test
  void withWindowsOffOnlyTheAllTimeStoresAreMarked() {
    try (DrivenTopology topology = DrivenTopology.start(stateDir, TimeSettings.OFF)) {
      topology.driver().advanceWallClockTime(ChangelogMarks.DELAY);

      assertThat(changelogRecords(topology))
          .containsOnlyKeys(storesOf(TimeSettings.OFF))
          .containsOnlyKeys(Names.STATS_STORE, Names.COUNTS_STORE, Names.CLIENTS_STORE);
    }
  }

  /** Every store of the production topology with these windows (all of them changelogged). */
  private static Set<String> storesOf(TimeSettings time) {
    Set<String> stores = new TreeSet<>();
    TopologyDescription description =
        WebServerTopology.build(
                DrivenTopology.settings(Path.of("unused"), WebPorts.DEFAULT)
                    .withTime(time)
                    .topologySettings(DrivenTopology.PARTITIONS))
            .describe();
    for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Processor processor) {
          stores.addAll(processor.stores());
        }
      }
    }
    return stores;
  }

  /** The records written to each store's changelog since the last call, by store. */
  private static Map<String, List<TestRecord<byte[], byte[]>>> changelogRecords(
      DrivenTopology topology) {
    Map<String, List<TestRecord<byte[], byte[]>>> written = new TreeMap<>();
    for (String store : storesOf(TimeSettings.DEFAULT)) {
      TestOutputTopic<byte[], byte[]> changelog =
          topology
              .driver()
              .createOutputTopic(
                  DrivenTopology.APPLICATION_ID + "-" + store + "-changelog",
                  Serdes.ByteArray().deserializer(),
                  Serdes.ByteArray().deserializer());
      List<TestRecord<byte[], byte[]>> records = changelog.readRecordsToList();
      if (!records.isEmpty()) {
        written.put(store, records);
      }
    }
    return written;
  }
}
