package io.flowrank.bench;

import io.flowrank.core.evidence.Measure;
import java.util.Map;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.synthetic.OutputCompression;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.producer.ProducerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowrank bench}: the figures of issues 5, 9, 12, 13, 20 and 21 in one run, each phase on a
 * fresh embedded broker and streams app in their own JVMs, started with the JVM options of {@code
 * ./flowrank} ({@link Launcher}) and the same {@code --window} ({@code --stream-window}). Every
 * replay also reports its framing, the Kafka records it wrote to {@code flows} and what it cost in
 * CPU per process ({@link ReplayMeter}). See README "Performance" for the method.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks flowrank on generated data: batch count, whole pipeline (framed, then one line"
          + " per record), freshness, top-N latency with a million devices, memory, CPU per"
          + " process, the rows as raw .gz and .bz2 day files, the sustainable throughput and"
          + " freshness at 80 %% of it, fail-over and restart after kill -9. Prints a table;"
          + " --json writes the same figures.",
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--rows", paramLabel = "N", defaultValue = "10000000",
      description = "Rows of the generated data set (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--files", paramLabel = "N", defaultValue = "50",
      description = "Files of the generated data set (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", paramLabel = "PATH",
      description = "Existing LANL files instead of generated ones (freshness is then not measured).")
  Path data;

  @Option(names = "--devices", paramLabel = "N", defaultValue = "1000000",
      description = "Distinct devices in the store for the top-N latency (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--top-clients", paramLabel = "N", defaultValue = "4",
      description = "Concurrent clients of /api/top (default: ${DEFAULT-VALUE}).")
  int topClients;

  @Option(names = "--top-interval", paramLabel = "MS", defaultValue = "50",
      description = "Each /api/top client's time between two requests, a latency counted from"
          + " when its request was due; 0: back to back (default: ${DEFAULT-VALUE}).")
  int topIntervalMillis;

  @Option(names = "--top-seconds", paramLabel = "S", defaultValue = "30",
      description = "How long the clients call /api/top while data is ingested (default: ${DEFAULT-VALUE}).")
  int topSeconds;

  @Option(names = "--top-rate", paramLabel = "ROWS", defaultValue = "-1",
      description = "Rows per second (d) replays while /api/top is asked (0: unpaced); by default"
          + " 80 %% of the sustainable throughput (h) measures, (h) then running first, or"
          + " unpaced when (h) is skipped.")
  double topRate;

  @Option(names = "--stream-heap", paramLabel = "SIZE", defaultValue = "512m",
      description = "-Xmx of the streams app (default: ${DEFAULT-VALUE}).")
  String streamHeap;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "flowrank-data/bench",
      description = "Generated data (kept and reused) and each run's logs (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--skip-sample", description = "Skip the notebook-sized sample.")
  boolean skipSample;

  @Option(names = "--skip-top", description = "Skip the top-N latency with many devices.")
  boolean skipTop;

  @Option(names = "--skip-per-line",
      description = "Skip the pipeline with one line per record (b'), the slowest phase.")
  boolean skipPerLine;

  @Option(names = "--skip-raw",
      description =
          "Skip the raw day files (f): the rows as one .gz and one .bz2 CSV (bzip2 is slow).")
  boolean skipRaw;

  @Option(names = "--skip-recovery",
      description = "Skip the recovery (g): fail-over and restart after kill -9, two instances.")
  boolean skipRecovery;

  @Option(names = "--skip-sustainable",
      description = "Skip the sustainable throughput (h) and the freshness at 80 %% of it (h').")
  boolean skipSustainable;

  @Option(names = "--sustainable-seconds", paramLabel = "S", defaultValue = "10",
      description = "How long (h) holds each rate it tries; (h') holds twice that"
          + " (default: ${DEFAULT-VALUE}).")
  int sustainableSeconds;

  @Option(names = "--sustainable-file-rows", paramLabel = "N", defaultValue = "10000",
      description = "Rows of each file (h) replays, one transaction each; its set has --rows rows"
          + " (default: ${DEFAULT-VALUE}, the notebook's files).")
  int sustainableFileRows;

  @Option(names = "--stream-window", paramLabel = "SIZE|off", defaultValue = "1h",
      description = "Every streams app's --window: compare a run with windows and one with off"
          + " (default: ${DEFAULT-VALUE}, the streams app's own default).")
  String streamWindow;

  @Option(names = "--only", paramLabel = "PHASE",
      description = "Run only this phase; those that can run alone: recovery, sustainable.")
  String only;

  /** The phases {@code --only} accepts. */
  static final String RECOVERY = "recovery";

  static final String SUSTAINABLE = "sustainable";

  /** 10 files of 10,000 rows a second: 100,000 rows/s, within what the pipeline sustains here. */
  static final int PACED_FILES_PER_SECOND = 10;

  static final String SAMPLE = "sample";
  static final String SAMPLE_RUNNING = "sample, running pipeline";
  static final String PIPELINE = "b pipeline";
  static final String PER_LINE = "b' pipeline, one line per record";
  static final String TOP = "d top-20";

  /** The framing of every replay but (b'): what {@code flowrank produce} uses by default. */
  private static final int FRAMED = FlowFrame.DEFAULT_LINES_PER_RECORD;

  private final Launcher launcher;
  private final PhaseFigures figures = new PhaseFigures();
  private final BenchReport.Builder report = figures.report();
  private Children children;
  // Of this run's (h), when it ran: (d) replays at 80 % of it unless --top-rate says otherwise.
  private OptionalDouble sustainable = OptionalDouble.empty();
  // Of this run's (b): the rows of the main data set, whose files (d) paces.
  private long mainRows;

  /** The bench of the commands {@code launcher} starts. */
  public BenchCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Path dataRoot = workDir.resolve("data");
    Path runDir =
        workDir.resolve("runs").resolve(String.format(Locale.ROOT, "run-%d", System.currentTimeMillis()));
    Files.createDirectories(runDir);
    log("work folder %s; this run's logs in %s", workDir, runDir);
    // Kept between runs, like the archives ./flowrank keeps next to the jar.
    children =
        new Children(
            launcher, new ClassDataSharing(workDir.resolve("cds")), streamHeap, streamWindow);
    report.setup(new BenchReport.Setup(streamWindow, streamHeap));

    // (d) asks /api/top under a load of 80 % of the sustainable throughput: (h) measures it first.
    boolean sustainableFirst =
        only == null && !skipTop && topRate < 0 && runs(SUSTAINABLE, skipSustainable);
    if (sustainableFirst) {
      sustainable(dataRoot, runDir);
    }
    if (only == null) {
      mainPhases(dataRoot, runDir);
    }
    if (!sustainableFirst && runs(SUSTAINABLE, skipSustainable)) {
      sustainable(dataRoot, runDir);
    }
    if (runs(RECOVERY, skipRecovery)) {
      long generating = System.nanoTime();
      Path small = BenchData.flows(dataRoot, RecoveryPhase.ROWS, RecoveryPhase.FILES, seed);
      log("(g) recovery data ready in %.1f s: %s", seconds(generating), small);
      new RecoveryPhase(figures, children).run(small, runDir.resolve(RECOVERY));
    }

    BenchReport result = report.build();
    System.out.println();
    System.out.print(result.table());
    if (json != null) {
      result.writeJson(json);
      log("figures written to %s", json);
    }
    return figures.identical() ? ExitCode.OK : ExitCode.DIFFERENT;
  }

  /** (h) and (h'): the sustainable throughput, kept for (d). */
  private void sustainable(Path dataRoot, Path runDir) throws IOException, InterruptedException {
    long generating = System.nanoTime();
    // Whole files of --sustainable-file-rows: the rate is paced in files.
    int setFiles = (int) Math.max(1, rows / sustainableFileRows);
    Path set = BenchData.flows(dataRoot, (long) setFiles * sustainableFileRows, setFiles, seed);
    log("(h) sustainable throughput data ready in %.1f s: %s", seconds(generating), set);
    sustainable =
        new SustainablePhase(figures, children, sustainableFileRows, sustainableSeconds)
            .run(set, runDir.resolve(SUSTAINABLE));
  }

  /** (a) to (f): every phase on the main data set ({@code --rows} generated, or {@code --data}). */
  private void mainPhases(Path dataRoot, Path runDir)
      throws IOException, InterruptedException, ApiException {
    long started = System.nanoTime();
    Path main = data != null ? data : BenchData.flows(dataRoot, rows, files, seed);
    log("data ready in %.1f s: %s", seconds(started), main);

    double batchRowsPerSecond = batch(main);
    if (!skipSample) {
      sample(BenchData.sample(dataRoot), runDir.resolve("sample"));
    }
    pipeline(main, runDir.resolve("pipeline"), batchRowsPerSecond);
    if (!skipPerLine) {
      perLine(main, runDir.resolve("per-line"));
    }
    if (!skipTop) {
      top(BenchData.devices(dataRoot, devices), main, runDir.resolve("top"));
    }
    if (!skipRaw && data == null) {
      RawDayPhase raw = new RawDayPhase(figures, children);
      for (OutputCompression compression : RawDayPhase.COMPRESSIONS) {
        long generating = System.nanoTime();
        Path day = BenchData.rawDay(dataRoot, rows, files, seed, compression);
        log("(f) raw day file ready in %.1f s: %s", seconds(generating), day);
        raw.run(compression, day, runDir.resolve("raw-" + compression.cliName()));
      }
    }
  }

  private void validate() {
    if (data != null && !Files.exists(data)) {
      throw new UserInputException(data + ": no such file or folder");
    }
    if (rows < 1 || files < 1 || rows < files) {
      throw new UserInputException("--rows must be at least --files (one row per file), both at least 1");
    }
    if (devices < 1 || topClients < 1 || topSeconds < 1) {
      throw new UserInputException("--devices, --top-clients and --top-seconds must be at least 1");
    }
    if (topIntervalMillis < 0) {
      throw new UserInputException("--top-interval must be 0 (back to back) or more milliseconds");
    }
    if (only != null && !only.equals(RECOVERY) && !only.equals(SUSTAINABLE)) {
      throw new UserInputException(
          "--only: the phases that run alone are recovery and sustainable, not " + only);
    }
    if (only != null && (only.equals(RECOVERY) ? skipRecovery : skipSustainable)) {
      throw new UserInputException(
          "--only " + only + " and --skip-" + only + " leave nothing to run");
    }
    if (sustainableSeconds < 1
        || sustainableFileRows < 1
        || sustainableFileRows >= ProducerSettings.DEFAULT_ROWS_PER_BATCH) {
      // A file of one batch: the producer paces batches, so (h) paces rows by files.
      throw new UserInputException(
          "--sustainable-seconds must be at least 1, --sustainable-file-rows from 1 to "
              + (ProducerSettings.DEFAULT_ROWS_PER_BATCH - 1));
    }
    if (!streamWindow.matches("off|\\d+(ms|s|m|h)?")) {
      throw new UserInputException(
          "--stream-window must be a size such as 1h, 10m, 30s, or off; was " + streamWindow);
    }
    if (!streamHeap.matches("\\d+[kKmMgG]?")) {
      throw new UserInputException("--stream-heap must be a JVM size such as 512m, was " + streamHeap);
    }
  }

  /** Whether the phase {@code name} runs: it is the one {@code --only} names, or not skipped. */
  private boolean runs(String name, boolean skipped) {
    return only == null ? !skipped : only.equals(name) && !skipped;
  }

  /** (a) The verifier's one-shot batch count, one thread. */
  private double batch(Path dir) throws IOException {
    log("(a) batch count of %s", dir);
    BatchCounter counter = new BatchCounter(new FlowLineParser(WebPorts.DEFAULT));
    long start = System.nanoTime();
    BatchCount count = counter.count(InputFiles.at(dir, Limits.DEFAULT_MAX_RECORD_BYTES));
    double elapsed = seconds(start);
    double rowsPerSecond = count.records() / elapsed;
    report
        .add("a batch", "rows", count.records(), "")
        .add("a batch", "time", elapsed, "s")
        .add("a batch", "throughput, one thread", rowsPerSecond, "rows/s")
        .memory("a batch", List.of(ProcessMemory.self("bench (batch count)")));
    return rowsPerSecond;
  }

  /**
   * The notebook-sized sample, replay to caught up: on fresh JVMs (everything cold), then again on
   * the running broker and streams app (a new producer process), as a service would run; then a
   * third time paced at {@value #PACED_FILES_PER_SECOND} files/s, a rate the pipeline sustains, for
   * the freshness of a pipeline that keeps up.
   */
  private void sample(BenchData.Sample sample, Path runDir)
      throws IOException, InterruptedException {
    log("sample: notebook-sized sample, fresh broker and streams app, replayed three times");
    try (Pipeline pipeline = Pipeline.start(runDir, children)) {
      List<String> warmup = BenchData.fileNames(sample.warmup());
      int files = warmup.size();
      long start = System.nanoTime();
      ChildJvm first = pipeline.produce(sample.warmup());
      pipeline.awaitCaughtUp(files, first, Duration.ofMinutes(10));
      report.add(SAMPLE, "replay to caught up, fresh JVMs (500,000 rows)", seconds(start), "s");
      // Its last moments stay out of the next replay's CPU figures.
      first.awaitSuccess(ReplayMeter.PRODUCER_EXIT);

      List<String> timed = new ArrayList<>(BenchData.fileNames(sample.timed()));
      timed.removeAll(warmup);
      ReplayCost running =
          pipeline.replay(sample.timed(), timed, 2L * files, FRAMED, Duration.ofMinutes(10));
      report.atMost(
          SAMPLE,
          "replay to caught up, running pipeline (500,000 rows)",
          running.seconds(),
          "s",
          3);
      report.add(SAMPLE_RUNNING, "rows", running.rows(), "");
      figures.cost(SAMPLE_RUNNING, running);

      List<String> paced =
          BenchData.fileNames(sample.paced()).stream().filter(f -> f.startsWith("paced_")).toList();
      FreshnessProbe probe =
          FreshnessProbe.start(
              pipeline.bootstrap(),
              pipeline.endpoint(),
              sample.paced(),
              paced,
              windowed(),
              "bench-freshness-paced");
      ChildJvm third = pipeline.produce(sample.paced(), PACED_FILES_PER_SECOND, FRAMED);
      pipeline.awaitCaughtUp(3L * files, third, Duration.ofMinutes(10));
      figures.freshness(probe, "c' freshness, paced " + PACED_FILES_PER_SECOND + " files/s");
      figures.verify(pipeline, sample.paced(), SAMPLE);
      watched(pipeline, sample, runDir, 3L * files);
      figures.memory(SAMPLE, pipeline);
    }
  }

  /**
   * The sample on a running pipeline whose producer runs too ({@code produce --watch}, as Spark's
   * file source runs): the notebook's files linked into its folder, twice under new names (the
   * first time its JIT is cold, the second warm), each timed from the first link to caught up; then
   * SIGTERM, which ends a watching producer cleanly, and the verifier over everything replayed.
   *
   * @param filesBefore the files the stream has counted so far
   */
  private void watched(Pipeline pipeline, BenchData.Sample sample, Path runDir, long filesBefore)
      throws IOException, InterruptedException {
    Path folder = Files.createDirectories(runDir.resolve("watched"));
    List<Path> timed =
        InputFiles.at(sample.timed(), Integer.MAX_VALUE).files().stream()
            .filter(file -> file.getFileName().toString().startsWith("time_"))
            .toList();
    log("sample: a watching producer, the %d files linked into its folder twice", timed.size());
    ChildJvm watcher = pipeline.watch(folder);
    watcher.awaitOutput("watching " + folder, Duration.ofMinutes(2));
    long files = filesBefore;
    for (String round : List.of("cold", "warm")) {
      files += timed.size();
      long start = System.nanoTime();
      for (Path file : timed) {
        BenchData.link(file, folder, round + "_" + file.getFileName());
      }
      pipeline.awaitCaughtUp(files, watcher, Duration.ofMinutes(10));
      report.atMost(
          SAMPLE,
          "replay to caught up, running pipeline and producer (--watch), " + round
              + " JIT (500,000 rows)",
          seconds(start),
          "s",
          3);
    }
    // Stopped as a service is (its shutdown hook ends the watch; it fails here if it hangs).
    watcher.terminate(Duration.ofSeconds(30));
    Path all = Files.createDirectories(runDir.resolve("replayed"));
    for (Path source : List.of(sample.paced(), folder)) {
      for (Path file : InputFiles.at(source, Integer.MAX_VALUE).files()) {
        BenchData.link(file, all, file.getFileName().toString());
      }
    }
    figures.verify(pipeline, all, SAMPLE + ", watched");
  }

  /** (b) the whole pipeline, framed as by default, (c) freshness during it, then the verifier. */
  private void pipeline(Path dir, Path runDir, double batchRowsPerSecond)
      throws IOException, InterruptedException, ApiException {
    List<String> names = BenchData.fileNames(dir);
    log("(b) pipeline: %d files of %s, %d lines per record, fresh broker and streams app",
        names.size(), dir, FRAMED);
    try (Pipeline pipeline = Pipeline.start(runDir, children)) {
      FreshnessProbe probe =
          data == null
              ? FreshnessProbe.start(
                  pipeline.bootstrap(),
                  pipeline.endpoint(),
                  dir,
                  names,
                  windowed(),
                  "bench-freshness")
              : null;
      ReplayCost cost =
          figures.replayAll(
              PIPELINE,
              pipeline,
              dir,
              names,
              FRAMED,
              "throughput (aim 850,000 rows/s)",
              OptionalDouble.of(500_000));
      mainRows = cost.rows();
      double batchPerPipeline = batchRowsPerSecond / cost.rowsPerSecond();
      report.atMost(PIPELINE, "batch / pipeline", batchPerPipeline, "×", 3);
      if (probe != null) {
        figures.freshness(probe, "c freshness");
      }
      figures.verify(pipeline, dir, PIPELINE);
      figures.memory(PIPELINE, pipeline);
      // Last: it stops the streams app.
      figures.clientPairs(PIPELINE, pipeline);
    }
  }

  /** (b') the replay of (b) with one line per record, on a fresh broker and streams app. */
  private void perLine(Path dir, Path runDir) throws IOException, InterruptedException {
    List<String> names = BenchData.fileNames(dir);
    log("(b') pipeline: %d files of %s, one line per record, fresh broker and streams app",
        names.size(), dir);
    try (Pipeline pipeline = Pipeline.start(runDir, children)) {
      figures.replayAll(
          PER_LINE, pipeline, dir, names, 1, "throughput", OptionalDouble.of(100_000));
      figures.verify(pipeline, dir, PER_LINE);
      figures.memory(PER_LINE, pipeline);
    }
  }

  /**
   * (d) /api/top?n=20 under load with {@code --devices} devices in the store, while ingesting at
   * {@link #topRate()}; then the ingest runs on to caught up, for its cost (the streams app answers
   * the clients during the first {@code --top-seconds} of it).
   */
  private void top(Path devicesDir, Path ingest, Path runDir)
      throws IOException, InterruptedException, ApiException {
    log("(d) top-N: %,d devices into a fresh streams app, then /api/top under load while %s is replayed",
        devices, ingest);
    try (Pipeline pipeline = Pipeline.start(runDir, children)) {
      ChildJvm load = pipeline.produce(devicesDir);
      pipeline.awaitCaughtUp(1, load, Duration.ofMinutes(30));
      load.awaitSuccess(ReplayMeter.PRODUCER_EXIT);
      long inStore = pipeline.streamEndpoint().counts(Duration.ofMinutes(2)).size();
      // Each client asks by count, by clients and (with windows) the latest window by count in
      // turn: the rankings under the same load.
      TopLoad.Query byCount = TopLoad.Query.top20(Measure.COUNT);
      TopLoad.Query byClientsQuery = TopLoad.Query.top20(Measure.CLIENTS);
      TopLoad.Query latest = TopLoad.Query.top20LatestWindow();
      List<TopLoad.Query> queries =
          windowed() ? List.of(byCount, byClientsQuery, latest) : List.of(byCount, byClientsQuery);
      TopLoad clients =
          new TopLoad(
              pipeline.endpoint(), topClients, queries, Duration.ofMillis(topIntervalMillis));
      List<String> names = BenchData.fileNames(ingest);
      double rate = topRate();
      // The producer paces whole files: the rate in files of the main set's average size.
      double filesPerSecond =
          rate > 0 && mainRows > 0 ? rate / ((double) mainRows / names.size()) : 0;
      log(
          "(d) ingest %s",
          filesPerSecond > 0
              ? String.format(Locale.ROOT, "paced at %,.0f rows/s", rate)
              : "unpaced (the load is a backlog: see --top-rate)");
      ReplayMeter meter = pipeline.meter();
      ChildJvm producer = pipeline.produce(ingest, filesPerSecond, FRAMED);
      ServerTimes serverBefore = topServerTimes(pipeline);
      clients.start();
      long start = System.nanoTime();
      while (seconds(start) < topSeconds && producer.isAlive()) {
        Thread.sleep(100);
      }
      Map<TopLoad.Query, double[]> latencies = clients.stop();
      double elapsed = seconds(start);
      ServerTimes server = topServerTimes(pipeline).since(serverBefore);
      clients.writeTimeline(runDir.resolve("top-latencies.tsv"));
      long ingested =
          pipeline.streamEndpoint().progress(Duration.ofSeconds(30)).records() - devices;
      pipeline.awaitCaughtUp(1L + names.size(), producer, Duration.ofHours(2));
      ReplayCost cost = meter.caughtUp(producer, ingest, names, FRAMED);
      Percentiles top = Percentiles.of(latencies.get(byCount));
      Percentiles late = Percentiles.of(clients.lateness());
      Percentiles byClients = Percentiles.of(latencies.get(byClientsQuery));
      Percentiles ofLatest = Percentiles.of(latencies.getOrDefault(latest, new double[0]));
      report
          .add(
              TOP,
              "ingest paced at (absent: unpaced)",
              filesPerSecond > 0 ? OptionalDouble.of(rate) : OptionalDouble.empty(),
              "rows/s")
          .add(TOP, "request interval per client (0: back to back)", topIntervalMillis, "ms")
          .add(TOP, "devices in the store", inStore, "")
          .add(TOP, "requests", top.count() + byClients.count() + ofLatest.count(), "")
          .add(TOP, "errors", clients.errors(), "")
          .add(
              TOP,
              "requests per second",
              (top.count() + byClients.count() + ofLatest.count()) / elapsed,
              "")
          .add(TOP, "p50", top.p50(), "ms")
          .atMost(TOP, "p99", top.p99(), "ms", 5)
          .add(TOP, "max", top.max(), "ms")
          .add(TOP, "by=clients p50", byClients.p50(), "ms")
          .add(TOP, "by=clients p99", byClients.p99(), "ms")
          .atMost(TOP, "by=clients p50 / by=count p50", byClients.p50() / top.p50(), "×", 1.2)
          // The server's own share of those latencies (Javalin's timing, every /api/top query).
          .add(TOP, "server's own time: answers within 5 ms", 100 * server.shareWithin(0.005), "%")
          .add(TOP, "server's own time: p99 at most", server.atMostMillis(0.99), "ms")
          .add(TOP, "clients' own delay in sending: p99", late.p99(), "ms");
      if (windowed()) {
        report
            .add(TOP, "window=latest p50", ofLatest.p50(), "ms")
            .add(TOP, "window=latest p99", ofLatest.p99(), "ms")
            .atMost(TOP, "window=latest p50 / by=count p50", ofLatest.p50() / top.p50(), "×", 1.2);
      }
      report
          .add(TOP, "rows ingested meanwhile", ingested, "")
          .add(TOP, "rows replayed to caught up", cost.rows(), "")
          .add(TOP, "replay to caught up", cost.seconds(), "s");
      figures.cost(TOP, cost);
      figures.memory(TOP, pipeline);
    }
  }

  /** The streams app's own times for {@code /api/top} so far, from its {@code /metrics}. */
  private static ServerTimes topServerTimes(Pipeline pipeline)
      throws IOException, ApiException, InterruptedException {
    RawAnswer metrics = pipeline.streamEndpoint().send("GET", "/metrics", Duration.ofSeconds(30));
    if (metrics.status() != 200) {
      throw new IOException("/metrics: HTTP " + metrics.status());
    }
    return ServerTimes.of(metrics.text(), "/api/top");
  }

  /**
   * (d)'s ingest rate: {@code --top-rate}, else 80 % of the sustainable throughput of this run's
   * (h) when it ran, else 0 (unpaced).
   */
  private double topRate() {
    if (topRate >= 0) {
      return topRate;
    }
    return sustainable.isPresent()
        ? sustainable.getAsDouble() * SustainablePhase.SHARE_PERCENT / 100
        : 0;
  }

  /** Whether the streams apps of this run keep windows of data time. */
  private boolean windowed() {
    return !"off".equals(streamWindow);
  }

  private static double seconds(long startNanos) {
    return PhaseFigures.seconds(startNanos);
  }

  private static void log(String format, Object... args) {
    PhaseFigures.log(format, args);
  }
}
