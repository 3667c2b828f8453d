package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.HealthAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's processes of one test, as users run them ({@code flowrank stream}, {@code
 * produce}, {@code verify}: {@link FlowrankProcess}) on the test's cluster, and the exactly-once
 * check that ends every crash and fault scenario. Each process is registered with the test's {@link
 * TestResources} (killed after the test) and writes its output to a file in {@code outputDir},
 * whose ends {@link #logOutputTails} shows when a test fails.
 */
final class PipelineProcesses {

  /** The longest a producer or verifier process may run; a replay of the data takes seconds. */
  static final Duration PROCESS_RUN = Duration.ofMinutes(3);

  /** Lines of a process's output a failed assertion shows. */
  static final int TAIL_LINES = 60;

  /**
   * The verifier's wait for the stream: a restarted streams app may first wait for the group to
   * drop the killed member (a session timeout), then restores its state and catches up.
   */
  private static final String VERIFY_TIMEOUT = "2m";

  private static final Logger LOG = LoggerFactory.getLogger(PipelineProcesses.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int SEEN_POLLS = 12;
  private static final int RECENT_PROCESSES = 3;

  private final Path outputDir;
  private final TestResources resources;
  private final String applicationId;
  private final int partitions;
  private final List<FlowrankProcess> processes = new ArrayList<>();

  /** A condition on the app's progress, which may ask Kafka too. */
  @FunctionalInterface
  interface ProgressCondition {
    boolean test(Progress progress) throws Exception;
  }

  PipelineProcesses(Path outputDir, TestResources resources, String applicationId, int partitions) {
    this.outputDir = outputDir;
    this.resources = resources;
    this.applicationId = applicationId;
    this.partitions = partitions;
  }

  /**
   * The processes of the test {@code info} on a cluster of {@code starter} of its own, with the
   * topics of flowrank created with {@code partitions} partitions; its {@link #resources()} close
   * everything after the test.
   */
  static PipelineProcesses forTest(
      TestInfo info, Path outputDir, TestResources.KafkaStarter starter, int partitions)
      throws Exception {
    FlowrankProcess.jar();
    String testName = info.getTestMethod().map(Method::getName).orElse("test");
    TestResources resources = new TestResources(testName, starter);
    PipelineProcesses pipeline =
        new PipelineProcesses(outputDir, resources, resources.newApplicationId(), partitions);
    assertThat(resources.createTopics(partitions)).as("partitions of flows").isEqualTo(partitions);
    return pipeline;
  }

  /** What the test started, closed after it. */
  TestResources resources() {
    return resources;
  }

  /** Starts {@code flowrank stream} on the test's cluster with its state in {@code stateDir}. */
  FlowrankProcess startStream(Path stateDir) throws Exception {
    Files.createDirectories(stateDir);
    String name = "stream-" + (processes.size() + 1);
    return register(
        FlowrankProcess.stream(
            name,
            output(name),
            List.of(
                "--bootstrap-servers",
                resources.bootstrap(),
                "--state-dir",
                stateDir.toString(),
                "--application-id",
                applicationId,
                "--partitions",
                Integer.toString(partitions))));
  }

  /** Starts {@code flowrank produce} over {@code input}; {@code filesPerSecond} 0 is full speed. */
  FlowrankProcess startProducer(Path input, double filesPerSecond, String... options)
      throws Exception {
    String name = "produce-" + (processes.size() + 1);
    List<String> line =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                resources.bootstrap(),
                "--data",
                input.toString(),
                "--partitions",
                Integer.toString(partitions),
                "--files-per-second",
                Double.toString(filesPerSecond)));
    line.addAll(List.of(options));
    return register(FlowrankProcess.produce(name, output(name), line));
  }

  /** Every process started so far, oldest first. */
  List<FlowrankProcess> processes() {
    return List.copyOf(processes);
  }

  /**
   * The guarantee: the verifier (a process) exits 0, the stream has counted every record of the
   * input once and holds every device's evidence of the batch count, the replay log holds every
   * input file once, {@code flows} holds the committed files' records once, and the app is healthy.
   */
  void assertExactlyOnce(FlowrankProcess stream, Path input, BatchCount batch) throws Exception {
    long begin = System.nanoTime();
    String name = "verify-" + (processes.size() + 1);
    FlowrankProcess verifier =
        register(
            FlowrankProcess.verify(
                name,
                output(name),
                List.of(
                    "--data",
                    input.toString(),
                    "--endpoint",
                    stream.httpUrl(),
                    "--timeout",
                    VERIFY_TIMEOUT,
                    "--top",
                    "10",
                    // The stream's windows (an hour by default): every window and the events too.
                    "--window",
                    "1h")));
    int exit = verifier.awaitExit(PROCESS_RUN);
    assertThat(exit)
        .as("exit code of %s (0 = identical counts): %s", verifier.name(), verifier.tail(80))
        .isEqualTo(ExitCode.OK);
    LOG.info(
        "{}: exit {} after {} ms; {}",
        verifier.name(),
        exit,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        verifier.tail(1));

    ApiClient client = ApiCalls.client(stream.httpUrl());
    Progress progress = ApiCalls.awaitCaughtUp(client, batch.files());
    assertThat(progress.records()).as("records counted by the stream").isEqualTo(batch.records());
    assertThat(progress.webFlows())
        .as("web flows counted by the stream")
        .isEqualTo(batch.webFlows());
    assertThat(progress.rejected()).as("records rejected").isEqualTo(batch.rejectedTotal());
    assertThat(client.counts(REQUEST))
        .as("every device's evidence in %s", stream.name())
        .isEqualTo(batch.evidence());

    assertSentOnce(input, batch.records());

    // Each device that became a web server once in the topic, read_committed, in the window the
    // batch names: never lost, never doubled by a kill (one window of an hour holds the test data,
    // so the window cannot depend on the order the partitions were processed in).
    assertThat(TestData.eventsInTopic(resources.bootstrap()))
        .as("webserver-events, read_committed")
        .isEqualTo(TestData.eventWindows(batch))
        .isNotEmpty();

    assertThat(client.health(REQUEST))
        .as("/health of %s", stream.name())
        .isEqualTo(new ApiClient.Health(200, new HealthAnswer("RUNNING")));
  }

  /**
   * The producers' side of exactly once: the replay log holds every batch once and every input file
   * to its end, each file's batches numbered from 1 with each line in exactly one, and {@code
   * flows} holds the committed lines once: as many as the log says, {@code records} in all.
   */
  void assertSentOnce(Path input, long records) throws Exception {
    List<ReplayLogEntry> replayLog = replayLog();
    assertThat(replayLog.stream().map(ReplayLogEntry::file))
        .as("the batches in the replay log, each once")
        .doesNotHaveDuplicates();
    assertThat(
            replayLog.stream().filter(ReplayLogEntry::endsSource).map(ReplayLogEntry::sourceName))
        .as("the files sent to their end")
        .containsExactlyInAnyOrderElementsOf(inputFileNames(input));
    // The batches of a file follow each other: numbered from 1, each line in exactly one.
    Map<String, List<ReplayLogEntry>> bySource =
        replayLog.stream()
            .filter(entry -> entry.source() != null)
            .collect(Collectors.groupingBy(ReplayLogEntry::source));
    bySource.forEach(
        (source, batches) -> {
          List<ReplayLogEntry> sorted =
              batches.stream().sorted(Comparator.comparingInt(ReplayLogEntry::batch)).toList();
          for (int i = 0; i < sorted.size(); i++) {
            ReplayLogEntry entry = sorted.get(i);
            assertThat(entry.batch()).as("batch %d of %s", i + 1, source).isEqualTo(i + 1);
            assertThat(entry.last())
                .as("%s is the last batch", entry.file())
                .isEqualTo(i == sorted.size() - 1);
            if (i > 0) {
              assertThat(entry.firstLine())
                  .as("the first line of %s", entry.file())
                  .isEqualTo(sorted.get(i - 1).lastLine() + 1);
            }
          }
        });
    long logged = replayLog.stream().mapToLong(ReplayLogEntry::records).sum();
    long framesLogged = replayLog.stream().mapToLong(ReplayLogEntry::frames).sum();
    CommittedRecords.Lines inFlows =
        CommittedRecords.lines(resources.bootstrap(), Topics.FLOWS.name(), ApiCalls.WAIT);
    assertThat(inFlows.lines()).as("committed lines in the frames of flows").isEqualTo(logged);
    assertThat(inFlows.records()).as("committed frames in flows").isEqualTo(framesLogged);
    assertThat(inFlows.ends()).as("ends of replays in flows").isPositive();
    assertThat(logged).as("records of the replay log's files").isEqualTo(records);
  }

  /** Every committed entry of the replay log, in log order (a file written twice shows twice). */
  List<ReplayLogEntry> replayLog() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records =
        CommittedRecords.readAll(resources.bootstrap(), Topics.REPLAY_LOG.name(), ApiCalls.WAIT);
    return records.stream()
        .map(r -> ReplayLogEntry.fromJson(new String(r.value(), StandardCharsets.UTF_8)))
        .toList();
  }

  /**
   * Polls the app's progress until {@code done} holds and returns it; fails at once when {@code
   * tooLate} holds first (the moment to act on has passed) or one of {@code mustLive} has ended.
   * Unreachable or not ready (503) is waited out.
   */
  static Progress awaitProgress(
      FlowrankProcess stream,
      List<FlowrankProcess> mustLive,
      String alias,
      ProgressCondition done,
      Predicate<Progress> tooLate,
      String whyTooLate) {
    ApiClient client = ApiCalls.client(stream.httpUrl());
    // What the last polls saw, for the message when the moment is missed.
    Deque<String> seen = new ConcurrentLinkedDeque<>();
    return await(alias)
        .atMost(ApiCalls.WAIT)
        .pollInterval(POLL)
        .failFast(
            "a process ended: " + mustLive.stream().map(FlowrankProcess::name).toList(),
            () -> mustLive.stream().anyMatch(process -> !process.isAlive()))
        .ignoreExceptionsMatching(ApiException::waitingMayHelp)
        .until(
            () -> {
              Progress progress = client.progress(REQUEST);
              if (done.test(progress)) {
                return Optional.of(progress);
              }
              seen.addLast(
                  LocalTime.now()
                      + " "
                      + progress.records()
                      + " records, "
                      + progress.filesCommitted()
                      + " files, lag "
                      + progress.totalLag());
              if (seen.size() > SEEN_POLLS) {
                seen.removeFirst();
              }
              if (tooLate.test(progress)) {
                throw new AssertionError(
                    whyTooLate + ": " + progress + "; the last polls saw " + seen);
              }
              return Optional.<Progress>empty();
            },
            Optional::isPresent)
        .orElseThrow();
  }

  /** Waits until the app's {@code /health} answers 200: Kafka Streams is RUNNING. */
  static void awaitRunning(FlowrankProcess stream) {
    await(stream.name() + " RUNNING (/health 200)")
        .atMost(ApiCalls.WAIT)
        .pollInterval(POLL)
        .failFast(stream.name() + " died", () -> !stream.isAlive())
        .ignoreExceptionsMatching(ApiException::waitingMayHelp)
        .until(() -> ApiCalls.client(stream.httpUrl()).health(REQUEST).status() == 200);
  }

  /**
   * Logs the end of the output of the processes still running and of the last ones started; the
   * folder with every output is kept after a failure, and named.
   */
  void logOutputTails() {
    int recent = Math.max(0, processes.size() - RECENT_PROCESSES);
    for (int i = 0; i < processes.size(); i++) {
      FlowrankProcess process = processes.get(i);
      if (i >= recent || process.isAlive()) {
        process.logTail(LOG, TAIL_LINES);
      }
    }
    LOG.error("the output of every process of the test is kept in {}", outputDir);
  }

  private FlowrankProcess register(FlowrankProcess process) {
    processes.add(process);
    return resources.closeAfter(process);
  }

  private Path output(String name) {
    return outputDir.resolve(name + ".log");
  }

  private static List<String> inputFileNames(Path input) throws IOException {
    try (Stream<Path> files = Files.list(input)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
