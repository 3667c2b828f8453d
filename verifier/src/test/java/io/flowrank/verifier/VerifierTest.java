package io.flowrank.verifier;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.Wire;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import java.util.ArrayList;
import java.util.Optional;
import java.util.TreeMap;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowRules;
import java.util.HashMap;
import static io.flowrank.verifier.FakeStreamsApp.notReady;
import static io.flowrank.verifier.FakeStreamsApp.progressAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ErrorAnswer;
import io.flowrank.core.rules.WebPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Verifier#run()} end to end: real files, a real HTTP server with canned answers. */
class VerifierTest {

  /** What the two files below hold, counted on ports 80 and 443. */

  private static final Map<String, Long> REJECTED = Map.of("NOT_JSON", 1L, "MISSING_DSTDEVICE", 1L);
  private static final long RECORDS = 12;
  private static final long WEB_FLOWS = 7;

  @TempDir Path dir;
  private Path data;
  private FakeStreamsApp app;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeDataAndStartServer() throws IOException {
    data = Files.createDirectory(dir.resolve("json"));
    // time_10 sorts after time_2: the natural order of the producer.
    Files.writeString(
        data.resolve("time_2.json"),
        "{\"time\": \"time\", \"srcdevice\": \"srcdevice\", \"dstdevice\": \"dstdevice\","
            + " \"dstport\": \"dstport\"}\n"
            + "{\"time\": \"172800\", \"dstdevice\": \"EnterpriseAppServer\", \"dstport\":"
            + " \"443\"}\n"
            + "{\"time\": \"172800\", \"dstdevice\": \"Comp3\", \"dstport\": \"80\"}\r\n"
            + "{\"time\": \"172801\", \"dstdevice\": \"Comp2\", \"dstport\": \"53\"}\n"
            + "not json at all\n"
            + "\n");
    Files.writeString(
        data.resolve("time_10.json"),
        "{\"time\": \"172802\", \"dstdevice\": \"EnterpriseAppServer\", \"dstport\": \"80\"}\n"
            + "{\"time\": \"172802\", \"dstdevice\": \"EnterpriseAppServer\", \"dstport\": 443}\n"
            + "{\"time\": \"172803\", \"dstdevice\": \"Comp1\", \"dstport\": \"443\"}\n"
            + "{\"time\": \"172803\", \"dstdevice\": \"Comp1\", \"dstport\": \"80\"}\n"
            + "{\"time\": \"172804\", \"dstdevice\": \"Comp3\", \"dstport\": \"443\"}\n"
            + "{\"time\": \"172804\", \"srcdevice\": \"Comp2\", \"dstport\": \"443\"}\n"
            + "{\"time\": \"172805\", \"dstdevice\": \"Comp9\", \"dstport\": \"053\"}");
    app = new FakeStreamsApp();
  }

  @AfterEach
  void stopServer() {
    app.close();
  }

  private VerifierSettings settings() {
    return VerifierSettings.of(data, app.endpoint())
        .withTimeout(Duration.ofSeconds(30))
        .withPollInterval(Duration.ofMillis(20));
  }

  private int run(VerifierSettings settings) {
    return run(settings, false);
  }

  private int run(VerifierSettings settings, boolean interactive) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new Verifier(settings, o, e, interactive).run();
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static FakeStreamsApp.Answer caughtUp() {
    return progressAnswer(true, 2, RECORDS, WEB_FLOWS, REJECTED);
  }

  @Test
  void identicalCountsExitZeroWithTheTablesSideBySide() {
    app.progress(caughtUp()).counts(truth());

    int exit = run(settings());

    assertThat(exit).isZero();
    assertThat(err()).isEmpty();
    String port = Integer.toString(app.endpoint().getPort());
    assertThat(out().lines())
        .containsSubsequence(
            "batch: 2 files, 12 records, 7 web flows to ports 80,443 over 3 devices,"
                + " 2 rejected (NOT_JSON 1, MISSING_DSTDEVICE 1)",
            "stream: caught up, 2 files committed, 12 records, 7 web flows over 3 devices,"
                + " 2 rejected (NOT_JSON 1, MISSING_DSTDEVICE 1)",
            "",
            "batch (files)                    stream (http://127.0.0.1:" + port + ")",
            "+-------------------+-----+      +-------------------+-----+",
            "|          dstdevice|count|      |          dstdevice|count|",
            "+-------------------+-----+      +-------------------+-----+",
            "|EnterpriseAppServer|    3|      |EnterpriseAppServer|    3|",
            "|              Comp1|    2|      |              Comp1|    2|",
            "|              Comp3|    2|      |              Comp3|    2|",
            "+-------------------+-----+      +-------------------+-----+",
            "",
            "IDENTICAL: all 3 devices have the same evidence in the stream as in the batch"
                + " (7 web flows; count, answered, clients, bytesOut, bytesIn, ports, firstSeen,"
                + " lastSeen).");
    assertThat(out()).doesNotContain("warning").doesNotContain("only showing");
    assertThat(app.topRequests.get()).as("web ports asked from the stream").isEqualTo(1);
  }

  @Test
  void aDifferentCountExitsOneAndNamesTheDevice() {
    Map<String, Evidence> stream = new HashMap<>(truth());
    Evidence comp3 = stream.get("Comp3");
    stream.put(
        "Comp3",
        new Evidence(
            1,
            comp3.answered(),
            comp3.clients(),
            comp3.bytesOut(),
            comp3.bytesIn(),
            comp3.ports(),
            comp3.firstSeen(),
            comp3.lastSeen()));
    stream.put(
        "Comp7",
        new Evidence(
            4, 4, 1, Total.of(10), Total.of(5), PortCounts.NONE.plus(443, 4), 172_900, 172_901));
    app.progress(caughtUp()).counts(stream);

    int exit = run(settings().withTop(2));

    assertThat(exit).isEqualTo(1);
    assertThat(out().lines())
        .containsSubsequence(
            "|EnterpriseAppServer|    3|      |              Comp7|    4|",
            "|              Comp1|    2|      |EnterpriseAppServer|    3|",
            "only showing top 2 rows",
            "",
            "DIFFERENT: 2 of 4 devices differ (batch 7 web flows, stream 10; devices per"
                + " measure: count 1).",
            "  Comp3: count batch 2, stream 1",
            "  Comp7: not in the batch, stream 4");
  }

  @Test
  void waitsThroughNotReadyAndNotCaughtUpBeforeComparing() {
    app.progress(
            notReady("Kafka Streams is REBALANCING, not RUNNING"),
            progressAnswer(false, 1, 5, 2, Map.of("NOT_JSON", 1L)),
            progressAnswer(true, 1, 5, 2, Map.of("NOT_JSON", 1L)),
            caughtUp())
        .counts(truth());

    int exit = run(settings(), true);

    assertThat(exit).isZero();
    assertThat(app.progressRequests.get()).isGreaterThanOrEqualTo(4);
    assertThat(out())
        .contains("waiting for " + app.endpoint() + ": not ready: Kafka Streams is REBALANCING")
        .contains("waiting for the stream: RUNNING, 1/2 files committed, 5 records")
        .contains("stream: caught up, 2 files committed")
        .contains("IDENTICAL");
    assertThat(app.countsRequests.get()).as("counts read once, after catching up").isEqualTo(1);
  }

  @Test
  void printsTheFirstStatusLineWhenNotOnATerminal() {
    app.progress(progressAnswer(false, 1, 5, 2, Map.of()), caughtUp()).counts(truth());

    int exit = run(settings(), false);

    assertThat(exit).isZero();
    assertThat(out().lines())
        .contains("waiting for the stream: RUNNING, 1/2 files committed, 5 records, lag 7");
    assertThat(out()).doesNotContain("\r");
  }

  @Test
  void aStreamThatNeverCatchesUpIsComparedAnyway() {
    app.progress(progressAnswer(false, 2, RECORDS, WEB_FLOWS, REJECTED)).counts(truth());

    int exit = run(settings().withTimeout(Duration.ofMillis(300)));

    assertThat(exit).isZero();
    assertThat(out())
        .contains("warning: the stream did not catch up within 300ms")
        .contains("stream: NOT caught up (RUNNING, lag 7)")
        .contains("IDENTICAL");
  }

  @Test
  void differentRejectionsAreAWarningNotADifference() {
    app.progress(progressAnswer(true, 2, RECORDS, WEB_FLOWS, Map.of("NOT_JSON", 2L)))
        .counts(truth());

    int exit = run(settings());

    assertThat(exit).isZero();
    assertThat(out())
        .contains(
            "warning: the rejected records differ: batch 2 rejected (NOT_JSON 1,"
                + " MISSING_DSTDEVICE 1), stream 2 rejected (NOT_JSON 2)");
  }

  @Test
  void countsWithTheStreamsWebPorts() {
    app.ports(List.of(53)).progress(caughtUp()).counts(truth(WebPorts.of(List.of(53))));

    int exit = run(settings());

    assertThat(exit).isZero();
    assertThat(out()).contains("1 web flow to ports 53 over 1 device");
  }

  @Test
  void portsFromTheSettingsWin() {
    app.ports(List.of(80, 443)).progress(caughtUp()).counts(truth(WebPorts.of(List.of(53))));

    int exit = run(settings().withPorts(WebPorts.of(List.of(53))));

    assertThat(exit).isZero();
    assertThat(app.topRequests.get()).isZero();
  }

  @Test
  void aMissingDataPathIsAUsageError() {
    int exit = run(VerifierSettings.of(dir.resolve("nowhere"), app.endpoint()));

    assertThat(exit).isEqualTo(2);
    assertThat(err()).startsWith("flowrank verify: no such file or folder: ").hasLineCount(1);
    assertThat(out()).isEmpty();
    assertThat(app.progressRequests.get() + app.topRequests.get()).isZero();
  }

  @Test
  void anEndpointThatNeverAnswersIsAnError() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    int exit =
        run(
            VerifierSettings.of(data, closed)
                .withTimeout(Duration.ofMillis(500))
                .withPollInterval(Duration.ofMillis(50)));

    assertThat(exit).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "flowrank verify: no answer from "
                + closed
                + " within 500ms (no answer, connection refused)"
                + System.lineSeparator());
  }

  @Test
  void anAppThatStaysNotReadyIsAnError() {
    app.top(notReady("Kafka Streams is not started yet"));

    int exit = run(settings().withTimeout(Duration.ofMillis(300)));

    assertThat(exit).isEqualTo(2);
    assertThat(err())
        .contains("the streams app at " + app.endpoint() + " was not ready within 300ms")
        .contains("Kafka Streams is not started yet");
  }

  @Test
  void anAnswerThatIsNotTheApiEndsTheWaitAtOnce() {
    app.progress(new FakeStreamsApp.Answer(200, "text/html", "<html>hello</html>"));

    int exit = run(settings().withTimeout(Duration.ofMinutes(5)));

    assertThat(exit).isEqualTo(2);
    assertThat(err()).contains("GET " + app.endpoint() + "/api/progress").contains("not JSON");
    assertThat(app.progressRequests.get()).isEqualTo(1);
  }

  @Test
  void aDeviceListedTwiceIsABadAnswer() {
    app.progress(caughtUp())
        .counts(
            new FakeStreamsApp.Answer(
                200,
                "application/x-ndjson",
                twice(truth().get("Comp1"))));

    int exit = run(settings());

    assertThat(exit).isEqualTo(2);
    assertThat(err()).contains("device Comp1 appears twice");
  }

  @Test
  void anUnknownPathIsABadAnswer() {
    app.progress(FakeStreamsApp.json(404, new ErrorAnswer("no such path: /api/progress")));

    int exit = run(settings());

    assertThat(exit).isEqualTo(2);
    assertThat(err()).contains("HTTP 404: no such path: /api/progress");
  }

  // --- windows of data time and the events ---

  /** Windows of 2 s, no grace; a server needs 1 answered flow (none here) from 1 client. */
  private static final TimeSettings TWO_SECONDS =
      new TimeSettings(Optional.of(new Windowing(2, 0, 60)), new ServerRule(1, 1));

  /** The test's files per window, as the batch counts them, and the events it finds. */
  private BatchWindows windowsTruth() {
    try {
      return new BatchCounter(new FlowRules(WebPorts.DEFAULT))
          .count(
              InputFiles.at(data, Limits.DEFAULT_MAX_RECORD_BYTES),
              TWO_SECONDS.windows().orElseThrow(),
              TWO_SECONDS.serverRule())
          .windows()
          .orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<WindowAnswer> held(BatchWindows truth) {
    List<WindowAnswer> held = new ArrayList<>();
    truth.held().forEach((start, devices) -> held.add(new WindowAnswer(start, start + 2, truth.webFlows(start), false)));
    return held;
  }

  @Test
  void everyWindowAndTheEventsComparedWithWindow() throws IOException {
    // Answered flows from a client: the first two devices become web servers.
    Files.writeString(
        data.resolve("time_11.json"),
        "{\"time\": \"172806\", \"srcdevice\": \"C1\", \"dstdevice\": \"Comp3\","
            + " \"dstport\": \"443\", \"dstpackets\": \"2\"}\n"
            + "{\"time\": \"172801\", \"srcdevice\": \"C1\", \"dstdevice\": \"Comp1\","
            + " \"dstport\": \"443\", \"dstpackets\": \"2\"}\n");
    BatchWindows truth = windowsTruth();
    assertThat(truth.late()).as("172801 after 172806: its window closed at 172802").isEqualTo(1);
    assertThat(truth.events()).hasSize(1);
    app.progress(progressAnswer(true, 3, RECORDS + 2, WEB_FLOWS + 2, REJECTED))
        .counts(truth())
        .windows(held(truth), truth.byWindow(), truth.events());

    int exit = run(settings().withTime(TWO_SECONDS));

    assertThat(exit).as(out() + err()).isZero();
    assertThat(out())
        .contains("windows of 2s (grace 0ms, kept 1m past their end): batch 4 held")
        .contains("1 late web flow")
        .contains("  window 172800..172802 identical: 2 devices, 2 web flows")
        .contains("  window 172806..172808 identical: 1 device, 1 web flow")
        .contains("events: identical: 1 device became web servers, each in the same window");
  }

  @Test
  void aWindowOrAnEventThatDiffersIsADifferenceNamedByItsWindow() throws IOException {
    BatchWindows truth = windowsTruth();
    Map<Long, Map<String, Evidence>> wrong = new TreeMap<>(truth.byWindow());
    Map<String, Evidence> first = new TreeMap<>(wrong.get(172_800L));
    first.remove("Comp3");
    wrong.put(172_800L, first);
    app.progress(caughtUp())
        .counts(truth())
        .windows(
            held(truth),
            wrong,
            List.of(new ServerEvent("Comp1", 172_802, 1, 1, 1, 172_803)));

    int exit = run(settings().withTime(TWO_SECONDS));

    assertThat(exit).isEqualTo(1);
    assertThat(out())
        .contains("IDENTICAL: all 3 devices")
        .contains("  window 172800..172802 DIFFERENT: 1 of 2 devices differs")
        .contains("    Comp3: batch 1, not in the stream")
        .contains("events: DIFFERENT: 1 of 1 device differ")
        .contains("  Comp1: batch no event, stream window 172802");
  }

  @Test
  void anEventNamedByALaterWindowThatQualifiesTooIsAccepted() throws IOException {
    BatchWindows truth = comp1QualifyingTwice();
    app.progress(progressAnswer(true, 3, RECORDS + 2, WEB_FLOWS + 2, REJECTED))
        .counts(truth())
        .windows(held(truth), truth.byWindow(), comp1NamedBy(172_810));

    int exit = run(settings().withTime(TWO_SECONDS));

    assertThat(exit).as(out() + err()).isZero();
    assertThat(out())
        .contains("named by a later window that qualifies too")
        .contains("  Comp1: batch window 172806, stream window 172810 (it qualifies there too)");
  }

  @Test
  void anEventNamedByAWindowThatDoesNotQualifyIsADifference() throws IOException {
    BatchWindows truth = comp1QualifyingTwice();
    app.progress(progressAnswer(true, 3, RECORDS + 2, WEB_FLOWS + 2, REJECTED))
        .counts(truth())
        .windows(held(truth), truth.byWindow(), comp1NamedBy(172_808));

    assertThat(run(settings().withTime(TWO_SECONDS))).isEqualTo(1);
    assertThat(out())
        .contains("events: DIFFERENT: 1 of 1 device differ")
        .contains("  Comp1: batch window 172806, stream window 172808");
  }

  /** Comp1 answered from a client at 172806 and again at 172810: it qualifies in both windows. */
  private BatchWindows comp1QualifyingTwice() throws IOException {
    Files.writeString(
        data.resolve("time_11.json"),
        "{\"time\": \"172806\", \"srcdevice\": \"C1\", \"dstdevice\": \"Comp1\","
            + " \"dstport\": \"443\", \"dstpackets\": \"2\"}\n"
            + "{\"time\": \"172810\", \"srcdevice\": \"C1\", \"dstdevice\": \"Comp1\","
            + " \"dstport\": \"443\", \"dstpackets\": \"2\"}\n");
    BatchWindows truth = windowsTruth();
    assertThat(truth.events()).extracting(ServerEvent::dstdevice, ServerEvent::window)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Comp1", 172_806L));
    return truth;
  }

  private static List<ServerEvent> comp1NamedBy(long window) {
    return List.of(new ServerEvent("Comp1", window, 1, 1, 1, window));
  }

  @Test
  void windowsOfAnotherSizeInTheStreamAreAUsageError() {
    app.progress(caughtUp())
        .counts(truth())
        .windows(List.of(new WindowAnswer(172_800, 172_860, 3, true)), Map.of(), List.of());

    assertThat(run(settings().withTime(TWO_SECONDS))).isEqualTo(2);
    assertThat(err()).contains("the stream keeps windows of 1m, not 2s: verify with its --window");
  }

  /** The evidence of the test's files, as the batch counts it: what a right stream answers. */
  private Map<String, Evidence> truth() {
    return truth(WebPorts.DEFAULT);
  }

  private Map<String, Evidence> truth(WebPorts ports) {
    try {
      return new BatchCounter(new FlowRules(ports))
          .count(InputFiles.at(data, Limits.DEFAULT_MAX_RECORD_BYTES))
          .evidence();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String twice(Evidence evidence) {
    try {
      String line = Wire.JSON.writeValueAsString(DeviceAnswer.of("Comp1", evidence, List.of(80)));
      return line + "\n" + line + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
