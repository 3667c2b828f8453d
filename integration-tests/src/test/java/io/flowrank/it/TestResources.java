package io.flowrank.it;

import io.flowrank.cli.broker.EmbeddedKafkaBroker;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.kafka.Topics;
import io.flowrank.producer.FlowReplayer;
import io.flowrank.producer.ProducerSettings;
import io.flowrank.producer.ProgressListener;
import io.flowrank.producer.ReplayResult;
import io.flowrank.streams.StreamsApp;
import io.flowrank.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one test starts, closed after it: its Kafka cluster, started on first use (a test that needs
 * none pays nothing), and everything registered with {@link #closeAfter}, closed in reverse order
 * of registration before the cluster they talk to. It also starts the pipeline's pieces on that
 * cluster the way the CLI does: streams apps and replays. Every failure while closing is reported,
 * the first with the others suppressed.
 */
final class TestResources implements AutoCloseable {

  /** Starts the cluster of a test. */
  @FunctionalInterface
  interface KafkaStarter {
    TestKafka start() throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(TestResources.class);

  private final String testName;
  private final KafkaStarter starter;
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private TestKafka kafka;

  TestResources(String testName, KafkaStarter starter) {
    this.testName = testName;
    this.starter = starter;
  }

  /** The bootstrap address of this test's cluster, started on first use. */
  String bootstrap() throws Exception {
    if (kafka == null) {
      kafka = starter.start();
      LOG.info("{}: Kafka at {}", testName, kafka.bootstrapServers());
    }
    return kafka.bootstrapServers();
  }

  /**
   * The broker of this test's cluster, started on first use, when it runs in this JVM: to stop and
   * restart it under the pipeline's feet. Fails when the cluster is of another kind.
   */
  EmbeddedKafkaBroker embeddedBroker() throws Exception {
    bootstrap();
    return kafka
        .embeddedBroker()
        .orElseThrow(
            () -> new IllegalStateException(testName + ": the cluster is not an embedded broker"));
  }

  /** Registers {@code resource} to be closed after the test; returns it. */
  <T extends AutoCloseable> T closeAfter(T resource) {
    toClose.push(resource);
    return resource;
  }

  /** An application id no other test uses, named after this test for the logs. */
  String newApplicationId() {
    return "flowrank-it-" + testName + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Starts a streams app the way {@code flowrank stream} does, on this test's cluster, with a free
   * HTTP port on 127.0.0.1 (its {@code application.server} too) and its own state folder; closed
   * after the test.
   */
  StreamsApp startStream(String applicationId, Path stateDir) throws Exception {
    return startStream(applicationId, stateDir, UnaryOperator.identity());
  }

  /** The same with some settings changed by {@code adjust}. */
  StreamsApp startStream(String applicationId, Path stateDir, UnaryOperator<StreamsSettings> adjust)
      throws Exception {
    StreamsSettings settings =
        StreamsSettings.defaults(bootstrap())
            .withApplicationId(applicationId)
            .withHttp("127.0.0.1", 0)
            .withStateDir(Files.createDirectories(stateDir));
    return closeAfter(StreamsApp.start(adjust.apply(settings)));
  }

  /** Closes a resource registered with {@link #closeAfter} now, and not again after the test. */
  void closeNow(AutoCloseable resource) throws Exception {
    toClose.remove(resource);
    resource.close();
  }

  /**
   * Creates flowrank's topics on this test's cluster with {@code partitions} partitions for {@code
   * flows} (as the first {@code flowrank stream} would), and returns the partitions {@code flows}
   * has then.
   */
  int createTopics(int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      TopicSetup.ensureTopics(admin, partitions);
      // A topic just created may not be in every metadata cache yet: describe until it is.
      return org.awaitility.Awaitility.await("flows described after creation")
          .atMost(ApiCalls.WAIT)
          .ignoreExceptions()
          .until(
              () ->
                  admin
                      .describeTopics(List.of(Topics.FLOWS.name()))
                      .allTopicNames()
                      .get(ApiCalls.REQUEST.toSeconds(), TimeUnit.SECONDS)
                      .get(Topics.FLOWS.name())
                      .partitions()
                      .size(),
              size -> size > 0);
    }
  }

  /** Replays the files of {@code data} into this test's cluster, as {@code flowrank produce}. */
  ReplayResult replay(Path data) throws Exception {
    return replay(data, io.flowrank.core.kafka.FlowFrame.DEFAULT_LINES_PER_RECORD);
  }

  /** The same with {@code linesPerRecord} lines per {@code flows} record. */
  ReplayResult replay(Path data, int linesPerRecord) throws Exception {
    return replay(data, linesPerRecord, ProducerSettings.DEFAULT_ROWS_PER_BATCH);
  }

  /** The same in batches of {@code rowsPerBatch} lines. */
  ReplayResult replay(Path data, int linesPerRecord, int rowsPerBatch) throws Exception {
    return replay(data, linesPerRecord, rowsPerBatch, io.flowrank.core.kafka.FlowFrame.Form.JUDGED);
  }

  /** The same with frames of this form (judged, the default, or the lines as they came). */
  ReplayResult replay(
      Path data, int linesPerRecord, int rowsPerBatch, io.flowrank.core.kafka.FlowFrame.Form frames)
      throws Exception {
    ProducerSettings settings =
        ProducerSettings.builder(bootstrap(), data)
            .linesPerRecord(linesPerRecord)
            .rowsPerBatch(rowsPerBatch)
            .frames(frames)
            .build();
    try (FlowReplayer replayer = new FlowReplayer(settings, ProgressListener.none())) {
      return replayer.run();
    }
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        failure = addTo(failure, e);
      }
    }
    if (kafka != null) {
      try {
        kafka.stopper().close();
      } catch (Exception e) {
        failure = addTo(failure, e);
      }
      kafka = null;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static Exception addTo(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
