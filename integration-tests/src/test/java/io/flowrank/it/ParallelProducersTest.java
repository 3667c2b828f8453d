package io.flowrank.it;

import static io.flowrank.it.PipelineProcesses.PROCESS_RUN;
import static io.flowrank.it.PipelineProcesses.TAIL_LINES;
import static io.flowrank.it.PipelineProcesses.awaitRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.synthetic.GeneratorSettings;
import io.flowrank.core.time.Windowing;
import io.flowrank.producer.TransactionalIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several {@code flowrank produce} processes at once on the embedded broker (docs/design.md §2,
 * "Several producers"): on different inputs, each under the transactional id of its input, they run
 * side by side and the stream ends with the batch count of all the inputs together; on the same
 * input, the later one takes it over, the earlier one stops with exit 4 and one line saying so, and
 * every line is in {@code flows} once, every batch in the replay log once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class ParallelProducersTest {

  private static final Logger LOG = LoggerFactory.getLogger(ParallelProducersTest.class);
  private static final int PARTITIONS = 4;

  /** Eight small files: four for each of two producers, 20 batches of {@link #ROWS_PER_BATCH}. */
  private static final GeneratorSettings EIGHT_FILES =
      GeneratorSettings.defaults()
          .withFiles(8)
          .withRowsPerFile(2_500)
          .withSeed(20_170_322)
          .withCorruptRate(0.01);

  /** Two files of 20 batches of {@link #ROWS_PER_BATCH} each: 40 seconds at {@link #SLOW_PACE}. */
  private static final GeneratorSettings SAME_INPUT =
      EIGHT_FILES.withFiles(2).withRowsPerFile(10_000).withSeed(20_170_323);

  private static final String ROWS_PER_BATCH = "500";

  /**
   * Batches a second of the producer started first: it is still sending when the second one has
   * started (a JVM start took up to ten seconds on a loaded machine). Once taken over, it stops at
   * its next batch.
   */
  private static final double SLOW_PACE = 1;

  /**
   * Batches a second of the first producer of (a): its 20 batches take 40 s, so the second, whose
   * start took up to 18 s on a loaded machine, commits while the first still does.
   */
  private static final double SIDE_BY_SIDE_PACE = 0.5;

  /** Its batches committed before the second producer starts. */
  private static final int COMMITTED_BEFORE = 2;

  private static final String TAKEN_OVER = "flowrank produce: another producer took over ";

  /** What a producer logs of the transactional id it runs under. */
  private static final String RUNS_AS = " as transactional id ";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private TestResources resources;
  private PipelineProcesses pipeline;

  /** Runs before {@code @AfterEach}: the processes' output is still there to show. */
  @RegisterExtension
  final AfterTestExecutionCallback showOutputOnFailure =
      context -> context.getExecutionException().ifPresent(failure -> pipeline.logOutputTails());

  @BeforeEach
  void prepare(TestInfo info) throws Exception {
    pipeline = PipelineProcesses.forTest(info, tmp, TestKafka::embedded, PARTITIONS);
    resources = pipeline.resources();
  }

  @AfterEach
  void killEverything() throws Exception {
    resources.close();
  }

  /** (a) Two producers at once on inputs of their own; the verifier over both says identical. */
  @Test
  void twoProducersOnDifferentInputsAtOnceEndWithTheBatchCountOfBoth() throws Exception {
    Path all = TestData.generate(tmp.resolve("all"), EIGHT_FILES);
    List<Path> files;
    try (var listed = Files.list(all)) {
      files = listed.sorted().toList();
    }
    Path first = copy(files.subList(0, 4), tmp.resolve("first"));
    Path second = copy(files.subList(4, 8), tmp.resolve("second"));
    BatchCount batch = TestData.batchCount(all, Windowing.DEFAULT);
    FlowrankProcess stream = pipeline.startStream(tmp.resolve("state"));
    awaitRunning(stream);

    // The first paced, the second started once the first has committed: they send side by side.
    FlowrankProcess one =
        pipeline.startProducer(first, SIDE_BY_SIDE_PACE, "--rows-per-batch", ROWS_PER_BATCH);
    awaitBatchesCommitted(one, 1);
    FlowrankProcess two = pipeline.startProducer(second, 0, "--rows-per-batch", ROWS_PER_BATCH);

    for (FlowrankProcess producer : List.of(one, two)) {
      assertThat(producer.awaitExit(PROCESS_RUN))
          .as("exit code of %s: %s", producer.name(), producer.tail(TAIL_LINES))
          .isEqualTo(ExitCode.OK);
    }
    assertThat(one.linesContaining(RUNS_AS + transactionalId(first))).hasSize(1);
    assertThat(two.linesContaining(RUNS_AS + transactionalId(second))).hasSize(1);
    assertThat(transactionalId(first)).isNotEqualTo(transactionalId(second));
    List<LocalTime> oneCommits = commitTimes(one);
    assertThat(commitTimes(two).get(0))
        .as("%s committing while %s did", two.name(), one.name())
        .isBefore(oneCommits.get(oneCommits.size() - 1));
    pipeline.assertExactlyOnce(stream, all, batch);
  }

  /**
   * (b) Two producers on the same folder at once: the first replays it slowly; once it has
   * committed a few batches, a second one starts on it at full speed and takes it over. The second
   * ends with exit 0, the first with exit 4 and one line saying so; every line of the input is in
   * {@code flows} once, every batch in the replay log once.
   */
  @Test
  void aSecondProducerOnTheSameInputTakesItOverAndNothingIsSentTwice() throws Exception {
    Path input = TestData.generate(tmp.resolve("input"), SAME_INPUT);
    long lines = TestData.batchCount(input).records();
    FlowrankProcess first =
        pipeline.startProducer(input, SLOW_PACE, "--rows-per-batch", ROWS_PER_BATCH);
    awaitBatchesCommitted(first, COMMITTED_BEFORE);

    FlowrankProcess second = pipeline.startProducer(input, 0, "--rows-per-batch", ROWS_PER_BATCH);

    assertThat(second.awaitExit(PROCESS_RUN))
        .as("exit code of %s: %s", second.name(), second.tail(TAIL_LINES))
        .isEqualTo(ExitCode.OK);
    assertThat(first.awaitExit(PROCESS_RUN))
        .as("exit code of %s, taken over: %s", first.name(), first.tail(TAIL_LINES))
        .isEqualTo(ExitCode.TAKEN_OVER);
    assertThat(first.linesContaining(TAKEN_OVER))
        .as("what %s says: %s", first.name(), first.tail(TAIL_LINES))
        .containsExactly(
            "flowrank produce: another producer took over this input (transactional id "
                + transactionalId(input)
                + "); this one stops, the other resumes where it left off");
    assertThat(first.linesContaining("\tat "))
        .as("stack trace lines of %s: %s", first.name(), first.tail(TAIL_LINES))
        .isEmpty();
    pipeline.assertSentOnce(input, lines);
    List<ReplayLogEntry> log = pipeline.replayLog();
    LOG.info(
        "{} taken over by {}, which resumed {}: {} batches in the replay log; {} says: {}; its"
            + " warnings and errors: {} {}",
        first.name(),
        second.name(),
        second.linesContaining("resuming "),
        log.size(),
        first.name(),
        first.linesContaining(TAKEN_OVER).get(0),
        first.linesContaining(" WARN "),
        first.linesContaining(" ERROR "));
  }

  /** The transactional id a producer of {@code input} runs under when none is given. */
  private static String transactionalId(Path input) throws IOException {
    return TransactionalIds.derived(
        InputFiles.at(input, Limits.DEFAULT_MAX_RECORD_BYTES).files().stream()
            .map(InputFiles::batchName)
            .toList());
  }

  /** Waits until the replay log holds {@code batches} batches, {@code producer} still running. */
  private void awaitBatchesCommitted(FlowrankProcess producer, int batches) {
    await(producer.name() + " committing " + batches + " batches")
        .atMost(ApiCalls.WAIT)
        .pollInterval(Duration.ofMillis(200))
        .failFast(producer.name() + " ended", () -> !producer.isAlive())
        .until(() -> pipeline.replayLog().size() >= batches);
  }

  /** When {@code producer} committed each batch, as its log lines say (same day, same clock). */
  private static List<LocalTime> commitTimes(FlowrankProcess producer) {
    List<LocalTime> times =
        producer.linesContaining("LogProgress - committed ").stream()
            .map(line -> LocalTime.parse(line.substring(0, line.indexOf(' '))))
            .toList();
    assertThat(times).as("batches %s committed", producer.name()).isNotEmpty();
    return times;
  }

  private static Path copy(List<Path> files, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Path file : files) {
      Files.copy(file, dir.resolve(file.getFileName()));
    }
    return dir;
  }
}
