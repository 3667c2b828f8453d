package io.flowrank.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowrank.cli.broker.EmbeddedKafkaBroker.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = "embedded-broker-test";

  @Test
  void servesTransactionsAndKeepsTopicsAndRecordsAcrossRestart() throws Exception {
    Path dataDir;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Settings.defaults())) {
      dataDir = broker.dataDir();
      String bootstrap = broker.bootstrapServers();
      assertThat(bootstrap).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(dataDir).isDirectory();

      createTopic(bootstrap, TOPIC, Optional.of(2));
      commitThenAbort(
          bootstrap, TOPIC, "embedded-broker-test-tx", List.of("a", "b", "c"), "aborted-1");
      assertThat(readCommitted(bootstrap, TOPIC)).containsExactlyInAnyOrder("a", "b", "c");

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      assertThat(acceptsConnections(broker.port())).isFalse();

      broker.restart();
      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(topicNames(bootstrap)).contains(TOPIC);
      assertThat(readCommitted(bootstrap, TOPIC)).containsExactlyInAnyOrder("a", "b", "c");
      // The same transactional id after the restart: the transaction coordinator state survived.
      commitThenAbort(bootstrap, TOPIC, "embedded-broker-test-tx", List.of("d"), "aborted-2");
      assertThat(readCommitted(bootstrap, TOPIC)).containsExactlyInAnyOrder("a", "b", "c", "d");
    }
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void runsAnExactlyOnceKafkaStreamsApplication(@TempDir Path stateDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Settings.defaults())) {
      String bootstrap = broker.bootstrapServers();
      createTopic(bootstrap, "streams-in", Optional.of(2));
      createTopic(bootstrap, "streams-out", Optional.of(2));
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream("streams-in", Consumed.with(Serdes.String(), Serdes.String()))
          .mapValues(value -> value.toUpperCase(Locale.ROOT))
          .to("streams-out", Produced.with(Serdes.String(), Serdes.String()));
      Properties config = new Properties();
      config.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedded-broker-test-" + UUID.randomUUID());
      config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());

      try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
        streams.start();
        await("streams RUNNING").atMost(WAIT).until(() -> streams.state() == State.RUNNING);
        commitThenAbort(bootstrap, "streams-in", "embedded-broker-test-in", List.of("x", "y"), "z");
        await("streams output committed")
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(readCommitted(bootstrap, "streams-out"))
                        .containsExactlyInAnyOrder("X", "Y"));
      }
    }
  }

  @Test
  void reopensAGivenDataDirWithoutFormattingItAgain(@TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("kafka");
    Settings settings = new Settings(0, dataDir, Map.of("num.partitions", "3"));
    String clusterId;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
      createTopic(broker.bootstrapServers(), TOPIC, Optional.empty());
      clusterId = clusterId(broker.bootstrapServers());
      // The override reached the broker: a topic without a partition count got three.
      assertThat(partitionCount(broker.bootstrapServers())).isEqualTo(3);
    }
    assertThat(dataDir.resolve("meta.properties")).isRegularFile();

    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(settings)) {
      assertThat(clusterId(again.bootstrapServers())).isEqualTo(clusterId);
      assertThat(topicNames(again.bootstrapServers())).contains(TOPIC);
    }
    assertThat(dataDir).isDirectory();
  }

  @Test
  void failsClearlyWhenTheGivenPortIsTaken(@TempDir Path tmp) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Settings settings = new Settings(taken.getLocalPort(), tmp.resolve("kafka"), Map.of());

      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " is already in use");
    }
  }

  @Test
  void overridesWinOverTheSingleNodeDefaults() {
    Map<String, String> properties =
        EmbeddedKafkaBroker.brokerProperties(
            9092, 9093, Path.of("data"), Map.of("auto.create.topics.enable", "true"));

    assertThat(properties)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("auto.create.topics.enable", "true");
    assertThatThrownBy(() -> new Settings(70_000, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void createTopic(String bootstrap, String topic, Optional<Integer> partitions)
      throws ExecutionException, InterruptedException {
    try (Admin admin = admin(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, Optional.empty()))).all().get();
    }
  }

  private static List<String> topicNames(String bootstrap)
      throws ExecutionException, InterruptedException {
    try (Admin admin = admin(bootstrap)) {
      return new ArrayList<>(admin.listTopics().names().get());
    }
  }

  private static String clusterId(String bootstrap)
      throws ExecutionException, InterruptedException {
    try (Admin admin = admin(bootstrap)) {
      return admin.describeCluster().clusterId().get();
    }
  }

  private static int partitionCount(String bootstrap)
      throws ExecutionException, InterruptedException {
    try (Admin admin = admin(bootstrap)) {
      return admin
          .describeTopics(List.of(TOPIC))
          .allTopicNames()
          .get()
          .get(TOPIC)
          .partitions()
          .size();
    }
  }

  private static Admin admin(String bootstrap) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(properties);
  }

  /** Commits {@code committed} in one transaction, then sends {@code aborted} and aborts. */
  private static void commitThenAbort(
      String bootstrap,
      String topic,
      String transactionalId,
      List<String> committed,
      String aborted) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (String value : committed) {
        producer.send(new ProducerRecord<>(topic, value, value));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, aborted, aborted));
      producer.abortTransaction();
    }
  }

  /**
   * Every value a read_committed consumer sees from the beginning up to the end of {@code topic}.
   */
  private static List<String> readCommitted(String bootstrap, String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed the end offsets are the last stable offsets: reaching them means every
      // committed record was seen and the aborted ones were skipped.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await("read_committed consumer reaching the end of " + topic)
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  values.add(record.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return values;
  }

  private static boolean acceptsConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
