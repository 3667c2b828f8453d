package io.flowrank.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local state survives a clean stop and is wiped after a run that did not stop cleanly. */
class CrashedStateTest {

  private static final String APP = "crashed-state-test";

  @TempDir Path stateDir;

  @Test
  void aRunThatStoppedCleanlyKeepsItsStateAndOneThatDidNotLosesIt() throws Exception {
    Path store = stateDir.resolve(APP).resolve("0_0").resolve("rocksdb").resolve("kept");

    // The first run: no marker yet, nothing to wipe.
    CrashedState first = start(StreamsConfig.EXACTLY_ONCE_V2, store);
    assertThat(store).exists();
    first.stoppedCleanly();

    // Stopped cleanly: the next start keeps the state.
    start(StreamsConfig.EXACTLY_ONCE_V2, store);
    assertThat(store).as("state after a clean stop").exists();
    assertThat(stateDir.resolve(APP + ".running")).as("the marker of the run").exists();

    // That run was not stopped cleanly (a kill): the next start wipes its state.
    start(StreamsConfig.EXACTLY_ONCE_V2, null);
    assertThat(store).as("state after a run that did not stop cleanly").doesNotExist();
  }

  @Test
  void atLeastOnceKeepsTheStateOfAKilledRun() throws Exception {
    Path store = stateDir.resolve(APP).resolve("0_0").resolve("rocksdb").resolve("kept");
    start(StreamsConfig.AT_LEAST_ONCE, store);
    start(StreamsConfig.AT_LEAST_ONCE, null);

    assertThat(store).exists();
    assertThat(stateDir.resolve(APP + ".running")).doesNotExist();
  }

  /** A Kafka Streams instance that is never started, writing {@code store} before the check. */
  private CrashedState start(String guarantee, Path store) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    // Never contacted: the instance is not started.
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    StreamsBuilder builder = new StreamsBuilder();
    // A persistent store: Kafka Streams keeps (and cleans) a state folder only for those.
    builder.table("in", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("kept"));
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      if (store != null) {
        Files.createDirectories(store);
      }
      return CrashedState.wipeIfCrashed(streams, new StreamsConfig(props));
    }
  }
}
