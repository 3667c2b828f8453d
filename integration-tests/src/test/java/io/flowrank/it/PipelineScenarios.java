package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static io.flowrank.it.ApiCalls.WAIT;
import static io.flowrank.it.ApiCalls.assertJsonError;
import static io.flowrank.it.ApiCalls.awaitCaughtUp;
import static io.flowrank.it.TestData.TEN_FILES;
import static io.flowrank.it.TestData.batchCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flowrank.cli.FlowrankCommand;
import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import io.flowrank.streams.http.QueryParams;
import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GenerationResult;
import io.flowrank.core.synthetic.GeneratorSettings;
import io.flowrank.core.synthetic.OutputCompression;
import io.flowrank.core.synthetic.OutputFormat;
import io.flowrank.producer.ReplayResult;
import io.flowrank.streams.Membership;
import io.flowrank.streams.StreamsApp;
import io.flowrank.verifier.Verifier;
import io.flowrank.verifier.VerifierSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end scenarios of flowrank on a real Kafka cluster: generator or hand-written files,
 * producer, streams app, verifier and CLI, compared with the batch count of the same files.
 *
 * <p>Written once; each subclass only says which cluster to run on ({@link #startKafka()}). Every
 * test gets a fresh, empty cluster, because the topic names ({@code flows}, ...) and the replay log
 * are fixed by the contract: scenarios sharing a cluster would mix their data. The cluster is
 * started on first use, so a test that needs none pays nothing ({@link TestResources}). Each test
 * also gets its own application id, temporary data and state folders and a free HTTP port; it
 * waits with Awaitility (named, bounded), never with a fixed sleep, and closes everything it
 * started after itself.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class PipelineScenarios {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineScenarios.class);

  /** A smaller set for the scenarios about something else than volume. */
  private static final GeneratorSettings SMALL =
      TEN_FILES.withFiles(3).withRowsPerFile(2_000).withSeed(7);

  /**
   * Starts a fresh, empty Kafka cluster (no flowrank topic, no transactional state) for the current
   * test; it is stopped after the test. Called at most once per test.
   */
  protected abstract TestKafka startKafka() throws Exception;

  @TempDir Path tmp;

  private TestResources resources;
  private String testName;

  @BeforeEach
  void prepare(TestInfo info) {
    testName = info.getTestMethod().map(Method::getName).orElse("test");
    resources = new TestResources(testName, this::startKafka);
  }

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  private int flowsPartitions() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, resources.bootstrap()))) {
      return admin
          .describeTopics(List.of(Topics.FLOWS.name()))
          .allTopicNames()
          .get()
          .get(Topics.FLOWS.name())
          .partitions()
          .size();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 1: the acceptance run.

  @Test
  void streamEndsEqualToTheBatchCountDeviceByDevice() throws Exception {
    acceptance(io.flowrank.core.kafka.FlowFrame.DEFAULT_LINES_PER_RECORD);
  }

  /** The same with one flow per Kafka record, for other consumers of flows. */
  @Test
  void oneFlowPerRecordEndsEqualToTheBatchCountToo() throws Exception {
    acceptance(1);
  }

  private void acceptance(int linesPerRecord) throws Exception {
    acceptance(linesPerRecord, io.flowrank.core.kafka.FlowFrame.Form.JUDGED);
  }

  /** The acceptance scenario with frames of this form (the default: judged). */
  void acceptance(int linesPerRecord, io.flowrank.core.kafka.FlowFrame.Form frames)
      throws Exception {
    Path data = tmp.resolve("data");
    GenerationResult generated = FlowGenerator.generate(data, TEN_FILES, false);
    BatchCount batch = batchCount(data);
    // The ground truth stands on two legs: the generator's exact figures and the batch count.
    assertThat(batch.files()).isEqualTo(10);
    assertThat(batch.records()).isEqualTo(generated.records());
    assertThat(batch.webFlows()).isEqualTo(generated.webFlows());
    assertThat(batch.rejected()).isEqualTo(generated.expectedRejected());
    assertThat(batch.rejectedTotal()).isPositive();

    StreamsApp app = startStream();
    ReplayResult replay =
        resources.replay(
            data, linesPerRecord, io.flowrank.producer.ProducerSettings.DEFAULT_ROWS_PER_BATCH, frames);
    assertThat(replay.filesCommitted()).isEqualTo(10);
    assertThat(replay.filesSkipped()).isZero();
    assertThat(replay.records()).isEqualTo(batch.records());
    CommittedRecords.Lines inFlows = CommittedRecords.lines(bootstrap(), Topics.FLOWS.name(), WAIT);
    assertThat(inFlows.lines()).as("lines in flows").isEqualTo(batch.records());
    // A frame holds at most linesPerRecord lines (blank ones inside it included), and every frame
    // of a file is full but its last: its last per partition of flows when judged (one frame is
    // open per partition, for the devices that live there).
    long allLines = 0;
    try (var files = Files.list(data)) {
      for (Path file : files.toList()) {
        try (var lines = Files.lines(file)) {
          allLines += lines.count();
        }
      }
    }
    assertThat(inFlows.records())
        .as("Kafka records in flows, %d lines per record", linesPerRecord)
        .isBetween(
            (batch.records() + linesPerRecord - 1) / linesPerRecord,
            allLines / linesPerRecord
                + batch.files()
                    * (frames == io.flowrank.core.kafka.FlowFrame.Form.JUDGED && linesPerRecord > 1
                        ? flowsPartitions()
                        : 1));
    if (linesPerRecord == 1) {
      assertThat(inFlows.records()).as("one flow per record").isEqualTo(batch.records());
    }

    VerifyRun verify = verify(data, app);
    assertThat(verify.exitCode()).as(verify.output()).isZero();

    ApiClient client = client(app);
    Progress progress = client.progress(REQUEST);
    assertThat(progress.state()).isEqualTo("RUNNING");
    assertThat(progress.caughtUp()).isTrue();
    assertThat(progress.filesCommitted()).isEqualTo(10);
    assertThat(progress.records()).isEqualTo(batch.records());
    assertThat(progress.webFlows()).isEqualTo(batch.webFlows());
    assertThat(progress.rejected()).isEqualTo(batch.rejectedTotal());
    assertThat(nonZero(progress.rejectedByReason())).isEqualTo(byName(batch.rejected()));
    assertThat(progress.incomplete())
        .as("web flows lacking each numeric field, as the batch counts them")
        .isEqualTo(incomplete(batch));
    assertThat(client.counts(REQUEST)).isEqualTo(batch.evidence());
    assertThat(client.top(20, REQUEST).ranking())
        .containsExactlyElementsOf(TopN.of(batch.counts(), 20));
    DashboardAnswers.assertEqualToTheBatch(app.httpUrl(), batch, 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 1b: windows of data time and the events, with files out of order.

  /**
   * Files whose data time lags behind the files before them, some beyond the grace (late: all time
   * only), some within it (counted in their windows), end equal to the batch grouping judged in
   * the files' order, window by window. Two applications read the same topics: one with windows of
   * a minute (the data spans 17 s: one window, late flows, and an event list that cannot depend on
   * the order the partitions are processed in, compared exactly, in the API and in the topic read
   * committed), one with windows of 5 s (several windows, each compared device by device; an event
   * there names the first window to qualify in processing order, so only its device and that its
   * window qualifies are checked).
   */
  @Test
  void everyWindowAndTheEventsEndEqualToTheBatchWithFilesOutOfOrder() throws Exception {
    Windowing minutes = new Windowing(60, 10, 3_600);
    Windowing fiveSeconds = new Windowing(5, 2, 3_600);
    Path data = generate("data", TEN_FILES.withOutOfOrder(100));
    BatchWindows inMinutes = TestData.batchCount(data, minutes).windows().orElseThrow();
    BatchCount batch = TestData.batchCount(data, fiveSeconds);
    BatchWindows inFives = batch.windows().orElseThrow();
    assertThat(inMinutes.late()).as("time_05 lags 100 s: beyond the grace").isPositive();
    assertThat(inFives.late()).isGreaterThan(inMinutes.late());
    assertThat(inFives.held()).as("several windows of 5 s").hasSizeGreaterThan(3);

    StreamsApp byMinute = startStream(TimeSettings.of(minutes));
    resources.replay(data);

    VerifyRun verify = verify(data, byMinute, TimeSettings.of(minutes));
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("events: identical");
    ApiClient minuteClient = client(byMinute);
    ApiCalls.awaitCaughtUp(minuteClient, 10);
    Progress progress = minuteClient.progress(REQUEST);
    assertThat(progress.late()).isEqualTo(inMinutes.late());
    assertThat(progress.untimed()).isEqualTo(inMinutes.untimed());
    assertThat(TestData.eventsInTopic(bootstrap()))
        .as("webserver-events read_committed: one record per device, the batch's")
        .isEqualTo(windowsOf(inMinutes.events()));

    // The second application, once the first one's events are checked: both write to the one
    // webserver-events topic.
    StreamsApp byFive = startStream(TimeSettings.of(fiveSeconds));
    ApiClient fiveClient = client(byFive);
    ApiCalls.awaitCaughtUp(fiveClient, 10);
    assertThat(fiveClient.progress(REQUEST).late()).isEqualTo(inFives.late());
    assertThat(fiveClient.windows(REQUEST).stream().map(WindowAnswer::start))
        .containsExactlyElementsOf(inFives.held().keySet());
    for (Map.Entry<Long, Map<String, Evidence>> window : inFives.held().entrySet()) {
      assertThat(fiveClient.counts(window.getKey(), REQUEST))
          .as("window %d", window.getKey())
          .isEqualTo(window.getValue());
    }
    assertThat(fiveClient.counts(REQUEST)).isEqualTo(batch.evidence());
    List<ServerEvent> events = fiveClient.events(QueryParams.MAX_EVENTS, REQUEST);
    assertThat(windowsOf(events).keySet())
        .containsExactlyElementsOf(windowsOf(inFives.events()).keySet());
    for (ServerEvent event : events) {
      assertThat(ServerRule.DEFAULT.qualifies(inFives.byWindow().get(event.window()).get(event.dstdevice())))
          .as("%s qualifies in the window it is announced for", event)
          .isTrue();
    }
  }

  private static Map<String, Long> windowsOf(List<ServerEvent> events) {
    Map<String, Long> windows = new TreeMap<>();
    events.forEach(e -> windows.put(e.dstdevice(), e.window()));
    return windows;
  }

  private StreamsApp startStream(TimeSettings time) throws Exception {
    String applicationId = resources.newApplicationId();
    return resources.startStream(
        applicationId, tmp.resolve("state-" + applicationId), settings -> settings.withTime(time));
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 2: the verifier sees a difference.

  @Test
  void verifierReportsADifferenceWhenTheStreamHoldsOtherData() throws Exception {
    Path data = generate("data", SMALL);
    Path other = generate("other", SMALL.withSeed(SMALL.seed() + 1));
    assertThat(batchCount(other).counts()).isNotEqualTo(batchCount(data).counts());

    StreamsApp app = startStream();
    produce(data);

    VerifyRun same = verify(data, app);
    assertThat(same.exitCode()).as(same.output()).isZero();
    VerifyRun different = verify(other, app);
    assertThat(different.exitCode()).as(different.output()).isEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 3: replays never duplicate.

  @Test
  void replayingTheSameFilesAgainDuplicatesNothing() throws Exception {
    Path data = generate("data", TEN_FILES.withRowsPerFile(2_000).withSeed(3));
    BatchCount batch = batchCount(data);

    ReplayResult first = produce(data);
    assertThat(first.filesCommitted()).isEqualTo(10);
    assertThat(first.records()).isEqualTo(batch.records());
    ReplayResult second = produce(data);
    assertThat(second.filesCommitted()).isZero();
    assertThat(second.filesSkipped()).isEqualTo(10);
    assertThat(second.records()).isZero();
    var flowsEnd = CommittedRecords.endOffsets(bootstrap(), Topics.FLOWS.name(), REQUEST);

    StreamsApp app = startStream();
    ApiClient client = client(app);
    Progress caughtUp = awaitCaughtUp(client, 10);
    assertThat(caughtUp.records()).isEqualTo(batch.records());
    assertThat(client.counts(REQUEST)).isEqualTo(batch.evidence());

    int exit =
        FlowrankCommand.execute(
            "produce", "--bootstrap-servers", bootstrap(), "--data", data.toString());
    assertThat(exit).isZero();
    // Not one record more in flows: the third run skipped every file too.
    assertThat(CommittedRecords.endOffsets(bootstrap(), Topics.FLOWS.name(), REQUEST))
        .isEqualTo(flowsEnd);

    VerifyRun verify = verify(data, app);
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    Progress progress = client.progress(REQUEST);
    assertThat(progress.filesCommitted()).isEqualTo(10);
    assertThat(progress.records()).isEqualTo(batch.records());
    assertThat(client.counts(REQUEST)).isEqualTo(batch.evidence());
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 4: hostile input through the whole pipeline.

  @Test
  void hostileLinesAreRejectedOneByOneWithTheirReasonAndNeverStopThePipeline() throws Exception {
    hostile(io.flowrank.core.kafka.FlowFrame.DEFAULT_LINES_PER_RECORD);
  }

  @Test
  void hostileLinesSentOneFlowPerRecordAreRejectedTheSameWay() throws Exception {
    hostile(1);
  }

  private void hostile(int linesPerRecord) throws Exception {
    hostile(linesPerRecord, io.flowrank.core.kafka.FlowFrame.Form.JUDGED);
  }

  /** The hostile-file scenario with frames of this form (the default: judged). */
  void hostile(int linesPerRecord, io.flowrank.core.kafka.FlowFrame.Form frames)
      throws Exception {
    Path data = Files.createDirectories(tmp.resolve("hostile"));
    String fileName = "hostile.json";
    HostileFile hostile = HostileFile.write(data.resolve(fileName));
    BatchCount batch = batchCount(data);
    // The batch applies the rules as the file's author expects, line by line.
    assertThat(batch.counts()).isEqualTo(hostile.expectedCounts());
    assertThat(batch.rejected()).isEqualTo(hostile.expectedRejected());
    assertThat(batch.records()).isEqualTo(hostile.expectedRecords());

    StreamsApp app = startStream();
    ReplayResult replay =
        resources.replay(
            data, linesPerRecord, io.flowrank.producer.ProducerSettings.DEFAULT_ROWS_PER_BATCH, frames);
    assertThat(replay.filesCommitted()).isEqualTo(1);
    assertThat(replay.rejected()).as("lines the producer itself rejected (TOO_LARGE)").isEqualTo(1);

    VerifyRun verify = verify(data, app);
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    ApiClient client = client(app);
    Progress progress = client.progress(REQUEST);
    assertThat(progress.state()).isEqualTo("RUNNING");
    assertThat(progress.caughtUp()).isTrue();
    assertThat(progress.records()).isEqualTo(batch.records());
    assertThat(progress.webFlows()).isEqualTo(batch.webFlows());
    assertThat(nonZero(progress.rejectedByReason())).isEqualTo(byName(batch.rejected()));
    assertThat(progress.incomplete()).isEqualTo(incomplete(batch));
    assertThat(client.counts(REQUEST)).isEqualTo(batch.evidence());
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

    List<ConsumerRecord<byte[], byte[]>> rejected =
        CommittedRecords.readAll(bootstrap(), Topics.FLOWS_REJECTED.name(), WAIT);
    Map<Long, HostileFile.Line> expected = hostile.rejectedLines();
    Map<Long, ConsumerRecord<byte[], byte[]>> byLine = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : rejected) {
      assertThat(FlowHeaders.get(record.headers(), FlowHeaders.FILE)).isEqualTo(fileName);
      String line = FlowHeaders.get(record.headers(), FlowHeaders.LINE);
      assertThat(line).as("the %s header", FlowHeaders.LINE).isNotNull().containsOnlyDigits();
      assertThat(byLine.put(Long.parseLong(line), record))
          .as("a second rejected record for line %s", line)
          .isNull();
    }
    assertThat(byLine.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (var entry : byLine.entrySet()) {
      HostileFile.Line line = expected.get(entry.getKey());
      ConsumerRecord<byte[], byte[]> record = entry.getValue();
      RejectReason reason = line.expected().reason();
      assertThat(FlowHeaders.get(record.headers(), FlowHeaders.REASON))
          .as("the reason of line %d", line.number())
          .isEqualTo(reason.name());
      if (reason == RejectReason.TOO_LARGE) {
        assertThat(FlowHeaders.get(record.headers(), FlowHeaders.SIZE))
            .isEqualTo(Integer.toString(HostileFile.HUGE_LINE_BYTES));
        assertThat(record.value())
            .hasSize(Limits.REJECTED_EXCERPT_BYTES)
            .isEqualTo(Arrays.copyOf(line.content(), Limits.REJECTED_EXCERPT_BYTES));
      } else {
        assertThat(record.value())
            .as("the raw bytes of line %d", line.number())
            .isEqualTo(line.content());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 5: usage errors of the CLI.

  @Test
  void cliUsageErrorsExitWithTwo() throws Exception {
    StreamsApp app = startStream();
    String missing = tmp.resolve("no-such-folder").toString();

    // A live endpoint: the exit code can only come from the missing data.
    assertThat(FlowrankCommand.execute("verify", "--data", missing, "--endpoint", app.httpUrl()))
        .isEqualTo(2);
    assertThat(FlowrankCommand.execute("produce", "--bogus")).isEqualTo(2);
    assertThat(
            FlowrankCommand.execute(
                "produce", "--bootstrap-servers", bootstrap(), "--data", missing,
                "--frames", "text"))
        .isEqualTo(2);
    assertThat(
            FlowrankCommand.execute(
                "produce", "--bootstrap-servers", bootstrap(), "--data", missing))
        .isEqualTo(2);
    // Were the address accepted, the command would serve until Ctrl-C: bounded, so a bug fails
    // the test instead of hanging it.
    int stream =
        assertTimeoutPreemptively(
            WAIT,
            () ->
                FlowrankCommand.execute(
                    "stream", "--bootstrap-servers", bootstrap(), "--http", "nonsense"));
    assertThat(stream).isEqualTo(2);
    // Membership: an unknown protocol, a session out of bounds, and two stream threads under the
    // streams protocol (Kafka 4.3's interactive queries would see half the partitions).
    for (List<String> bad :
        List.of(
            List.of("--group-protocol", "consumer"),
            List.of("--session-timeout", "500ms"),
            List.of("--group-protocol", "streams", "--threads", "2"))) {
      List<String> args = new java.util.ArrayList<>(List.of("stream", "--bootstrap-servers", bootstrap(), "--http", "127.0.0.1:0"));
      args.addAll(bad);
      assertThat(
              assertTimeoutPreemptively(
                  WAIT, () -> FlowrankCommand.execute(args.toArray(String[]::new))))
          .as("flowrank %s", args)
          .isEqualTo(2);
    }

    // A client property Kafka refuses is a usage error naming it, for every Kafka-facing command.
    Path badJaas = tmp.resolve("bad-jaas.properties");
    Files.writeString(
        badJaas,
        "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\"p\"\n");
    Path data = generate("data", SMALL.withFiles(1));
    assertThat(
            FlowrankCommand.execute(
                "produce", "--bootstrap-servers", bootstrap(), "--data", data.toString(),
                "--config", badJaas.toString()))
        .isEqualTo(2);
    assertThat(
            assertTimeoutPreemptively(
                WAIT,
                () ->
                    FlowrankCommand.execute(
                        "stream", "--bootstrap-servers", bootstrap(), "--http", "127.0.0.1:0",
                        "--config", badJaas.toString())))
        .isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 6: empty files and natural file order.

  @Test
  void anEmptyFileAndNaturallyOrderedNamesStillVerify() throws Exception {
    Path generated = generate("generated", SMALL.withSeed(11));
    Path data = Files.createDirectories(tmp.resolve("data"));
    // time_2 sorts before time_10 naturally, after it as plain text.
    Files.move(generated.resolve("time_01.json"), data.resolve("time_1.json"));
    Files.move(generated.resolve("time_02.json"), data.resolve("time_2.json"));
    Files.move(generated.resolve("time_03.json"), data.resolve("time_10.json"));
    Files.createFile(data.resolve("time_5.json"));
    BatchCount batch = batchCount(data);
    assertThat(batch.files()).isEqualTo(4);

    StreamsApp app = startStream();
    ReplayResult replay = produce(data);
    assertThat(replay.filesCommitted()).isEqualTo(4);

    VerifyRun verify = verify(data, app);
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(client(app).counts(REQUEST)).isEqualTo(batch.evidence());
    List<String> committedOrder =
        CommittedRecords.readAll(bootstrap(), Topics.REPLAY_LOG.name(), WAIT).stream()
            .map(record -> new String(record.key(), StandardCharsets.UTF_8))
            .toList();
    assertThat(committedOrder)
        .containsExactly("time_1.json", "time_2.json", "time_5.json", "time_10.json");
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario 7: the LANL files as downloaded, in every format, in batches, and from standard input.

  @Test
  void aFolderMixingTheThreeFormatsCompressedOrNotEndsEqualToTheBatchCount() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    moveAll(generate("lines", SMALL.withFiles(2)), data, "a_");
    moveAll(generate("arrays", SMALL.withFiles(2).withSeed(21), OutputFormat.JSON_ARRAY, OutputCompression.GZ), data, "b_");
    moveAll(generate("day", SMALL.withSeed(22), OutputFormat.CSV, OutputCompression.BZ2), data, "c_");
    BatchCount batch = batchCount(data);
    assertThat(batch.files()).isEqualTo(5);
    assertThat(batch.rejected()).as("rejections of every format (test data)")
        .containsKeys(RejectReason.NOT_JSON, RejectReason.FIELD_COUNT);

    StreamsApp app = startStream();
    // Batches of 1,500 lines: the arrays and the day file span several.
    ReplayResult replay = resources.replay(data, FlowFrame.DEFAULT_LINES_PER_RECORD, 1_500);
    assertThat(replay.filesCommitted()).isEqualTo(5);
    assertThat(replay.batchesCommitted()).isGreaterThan(5);
    assertThat(replay.records()).isEqualTo(batch.records());

    VerifyRun verify = verify(data, app);
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    Progress progress = client(app).progress(REQUEST);
    assertThat(progress.filesCommitted()).isEqualTo(5);
    assertThat(progress.batchesCommitted()).isEqualTo(replay.batchesCommitted());
    assertThat(nonZero(progress.rejectedByReason())).isEqualTo(byName(batch.rejected()));
    assertThat(client(app).counts(REQUEST)).isEqualTo(batch.evidence());
  }

  @Test
  void aCompressedDayFileOnStandardInputEndsEqualToTheBatchCountOfTheFile() throws Exception {
    Path day = generate("day", SMALL.withSeed(23), OutputFormat.CSV, OutputCompression.GZ);
    BatchCount batch = batchCount(day);
    Path file;
    try (var files = Files.list(day)) {
      file = files.findFirst().orElseThrow();
    }
    StreamsApp app = startStream();
    FlowrankProcess producer =
        resources.closeAfter(
            FlowrankProcess.produceFromStdin(
                "produce-stdin",
                tmp.resolve("produce-stdin.log"),
                file,
                List.of(
                    "--bootstrap-servers", bootstrap(), "--data", "-", "--name", "day03",
                    "--rows-per-batch", "2500")));
    assertThat(producer.awaitExit(WAIT)).as(producer.tail(20)).isZero();

    Progress progress = awaitCaughtUp(client(app), 1);
    assertThat(progress.records()).isEqualTo(batch.records());
    assertThat(progress.batchesCommitted()).isGreaterThan(1);
    assertThat(client(app).counts(REQUEST)).isEqualTo(batch.evidence());
    List<String> keys =
        CommittedRecords.readAll(bootstrap(), Topics.REPLAY_LOG.name(), WAIT).stream()
            .map(record -> new String(record.key(), StandardCharsets.UTF_8))
            .toList();
    assertThat(keys).doesNotHaveDuplicates().allMatch(key -> key.startsWith("day03#"));
  }

  // ---------------------------------------------------------------------------------------------
  // The group session the streams app asks for, against the broker's minimum.

  /**
   * The streams app asks for a 3 s session; a broker whose minimum is higher (Kafka's default is
   * 6 s, the container's) would refuse the join, so the session is raised to that minimum. The
   * embedded broker allows 1 s and keeps the 3 s.
   */
  @Test
  void theSessionTimeoutIsRaisedToTheBrokersMinimumWhenBelowIt() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, resources.bootstrap()))) {
      String node =
          Integer.toString(admin.describeCluster().nodes().get().iterator().next().id());
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
      Duration minimum =
          Duration.ofMillis(
              Long.parseLong(
                  admin
                      .describeConfigs(List.of(broker))
                      .all()
                      .get()
                      .get(broker)
                      .get("group.min.session.timeout.ms")
                      .value()));
      Membership asked = Membership.DEFAULT;

      Membership fitted = asked.prepare(admin, "session-test", 1);

      LOG.info("broker minimum session {} ms: the app uses {} ms", minimum.toMillis(), fitted.sessionTimeout().toMillis());
      assertThat(fitted.sessionTimeout())
          .isEqualTo(minimum.compareTo(asked.sessionTimeout()) > 0 ? minimum : asked.sessionTimeout());
      assertThat(fitted.protocol()).isEqualTo(Membership.Protocol.CLASSIC);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The HTTP API's answers to bad requests.

  @Test
  void apiAnswersBadParametersWith400AndUnknownDevicesWith404() throws Exception {
    Path data = generate("data", SMALL.withFiles(1));
    BatchCount batch = batchCount(data);
    StreamsApp app = startStream();
    produce(data);
    awaitCaughtUp(client(app), 1);

    for (String bad :
        List.of(
            "/api/top?n=0",
            "/api/top?n=abc",
            "/api/top?n=99999999999",
            "/api/top?n=10001",
            "/api/top?n=-1",
            "/api/top?n=",
            "/api/top?n=5&bogus=1",
            "/api/counts?bogus=1",
            "/api/progress?verbose=true",
            "/api/devices/Comp000001?bogus=1")) {
      assertJsonError(get(app, bad), 400, bad);
    }
    String unknown = "/api/devices/NoSuchDevice";
    assertJsonError(get(app, unknown), 404, unknown);

    DeviceCount best = TopN.of(batch.counts(), 1).get(0);
    assertThat(client(app).device(best.dstdevice(), REQUEST).map(DeviceAnswer::evidence))
        .contains(batch.evidence().get(best.dstdevice()));
    RawAnswer top = get(app, "/api/top");
    assertThat(top.status()).as(top.text()).isEqualTo(200);
    assertThat(top.read(TopAnswer.class).devices())
        .as("the default n")
        .hasSize(Math.min(20, batch.counts().size()));
  }

  // ---------------------------------------------------------------------------------------------
  // The pipeline's pieces, started the way the CLI starts them.

  /** The bootstrap address of this test's cluster, started on first use. */
  protected final String bootstrap() throws Exception {
    return resources.bootstrap();
  }

  private Path generate(String folder, GeneratorSettings settings) throws IOException {
    return TestData.generate(tmp.resolve(folder), settings);
  }

  private Path generate(
      String folder, GeneratorSettings settings, OutputFormat format, OutputCompression compression)
      throws IOException {
    Path dir = tmp.resolve(folder);
    FlowGenerator.generate(dir, settings, format, compression, false);
    return dir;
  }

  /** Moves every file of {@code from} into {@code to}, its name prefixed. */
  private static void moveAll(Path from, Path to, String prefix) throws IOException {
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.move(file, to.resolve(prefix + file.getFileName()));
      }
    }
  }

  /** A streams app with a unique application id, its own state folder and a free HTTP port. */
  private StreamsApp startStream() throws Exception {
    String applicationId = resources.newApplicationId();
    return resources.startStream(applicationId, tmp.resolve("state-" + applicationId));
  }

  private ReplayResult produce(Path data) throws Exception {
    return resources.replay(data);
  }

  private static ApiClient client(StreamsApp app) {
    return ApiCalls.client(app.httpUrl());
  }

  /** What the verifier said: its exit code and everything it printed. */
  private record VerifyRun(int exitCode, String output) {}

  /** The verifier, with the windows of an application started with the defaults. */
  private VerifyRun verify(Path data, StreamsApp app) {
    return verify(data, app, TimeSettings.DEFAULT);
  }

  private VerifyRun verify(Path data, StreamsApp app, TimeSettings time) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      exitCode =
          new Verifier(
                  VerifierSettings.of(data, URI.create(app.httpUrl()))
                      .withTimeout(WAIT)
                      .withTime(time),
                  out,
                  out)
              .run();
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    LOG.info("{}: verifier exit {} for {}:\n{}", testName, exitCode, data.getFileName(), output);
    return new VerifyRun(exitCode, output);
  }

  private static RawAnswer get(StreamsApp app, String pathAndQuery) throws Exception {
    return ApiCalls.get(app.httpUrl(), pathAndQuery);
  }

  private static Map<String, Long> byName(Map<RejectReason, Long> rejected) {
    Map<String, Long> names = new HashMap<>();
    rejected.forEach((reason, n) -> names.put(reason.name(), n));
    return names;
  }

  /** Reasons the stream reports with zero are absent ones (the API may list every reason). */
  private static Map<String, Long> nonZero(Map<String, Long> rejectedByReason) {
    Map<String, Long> present = new HashMap<>();
    rejectedByReason.forEach(
        (reason, n) -> {
          if (n != 0) {
            present.put(reason, n);
          }
        });
    return present;
  }

  /** The batch's incomplete figures as /api/progress names them: every numeric field. */
  static Map<String, Long> incomplete(BatchCount batch) {
    Map<String, Long> named = new java.util.LinkedHashMap<>();
    batch.incomplete().forEach((field, n) -> named.put(field.fieldName(), n));
    return named;
  }
}
