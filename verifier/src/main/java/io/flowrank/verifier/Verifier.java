package io.flowrank.verifier;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.Progress;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flowrank verify}: the notebook's static count over the input, then the stream's counts
 * once it has caught up, compared device by device (docs/design.md §2). The batch applies the producer's
 * reader and rules with the streams app's web ports unless the settings name some. The timeout
 * covers the wait for the stream, not the batch count; when it runs out, the verifier says so and
 * compares what the stream has. An error is one line on the error stream, never a stack trace.
 */
public final class Verifier {

  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  /** The longest a progress or ports request may take; shorter when less of the timeout is left. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /** How long {@code /api/counts} may take to start answering; its body then streams. */
  private static final Duration COUNTS_TIMEOUT = Duration.ofSeconds(60);

  /** The most events {@code /api/events} lists: the verifier asks for all of them. */
  private static final int MAX_EVENTS = 100_000;

  /** Differing devices listed under a DIFFERENT verdict. */
  static final int MAX_DIFFERENCE_LINES = 20;

  private final VerifierSettings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean interactive;
  private final ApiClient client;

  /** Rewrites the status line in place when {@code out} is the terminal's standard output. */
  public Verifier(VerifierSettings settings, PrintStream out, PrintStream err) {
    this(settings, out, err, out == System.out && System.console() != null);
  }

  /**
   * @param interactive whether {@code out} is a terminal, where the status line is rewritten in
   *     place rather than printed every few seconds
   */
  public Verifier(
      VerifierSettings settings, PrintStream out, PrintStream err, boolean interactive) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.client = new ApiClient(settings.endpoint(), REQUEST_TIMEOUT);
  }

  /** Verifies and returns the process exit code: 0 identical, 1 different, 2 error. */
  public int run() {
    return verify().exitCode();
  }

  /** Verifies, printing the report to {@code out} and an error to {@code err}. */
  public Outcome verify() {
    try {
      return compare();
    } catch (Failure e) {
      err.println("flowrank verify: " + e.getMessage());
      err.flush();
      return Outcome.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("flowrank verify: interrupted");
      err.flush();
      return Outcome.ERROR;
    } finally {
      out.flush();
    }
  }

  private Outcome compare() throws Failure, InterruptedException {
    InputFiles input = listInput();
    int files = input.files().size();
    Budget budget = new Budget(settings.timeout());
    WebPorts ports = settings.ports().isPresent() ? settings.ports().get() : streamPorts(budget);
    BatchCount batch = countBatch(input, ports);
    out.println(TableRenderer.batchLine(batch, ports));
    out.flush();

    Polled<Progress> polled =
        poll(
            budget,
            client::progress,
            p -> p.caughtUp() && p.filesCommitted() >= files,
            p -> "waiting for the stream: " + progressStatus(p, files));
    if (polled.last() == null) {
      throw neverReady(polled);
    }
    Progress progress = polled.last();
    if (!polled.done()) {
      out.println(
          "warning: the stream did not catch up within "
              + Durations.format(settings.timeout())
              + " ("
              + progressStatus(progress, files)
              + "); comparing what it has");
    }
    Map<String, Evidence> stream = streamCounts();
    Comparison comparison = Comparison.ofEvidence(batch.evidence(), stream);
    out.println(
        TableRenderer.streamLine(
            progress, polled.done(), comparison.streamTotal(), comparison.streamDevices()));
    warnings(batch, progress, files).forEach(out::println);

    out.println();
    List<String> tables =
        TableRenderer.sideBySide(
            "batch (files)",
            TableRenderer.show(settings.by(), top(batch.evidence())),
            "stream (" + settings.endpoint() + ")",
            TableRenderer.show(settings.by(), top(stream)));
    tables.forEach(out::println);
    if (Math.max(comparison.batchDevices(), comparison.streamDevices()) > settings.top()) {
      out.println(TableRenderer.moreRows(settings.top()));
    }
    out.println();
    TableRenderer.verdict(comparison, MAX_DIFFERENCE_LINES).forEach(out::println);
    LOG.info("verified {} devices: {}", comparison.devices(), comparison.outcome());
    if (batch.windows().isEmpty()) {
      return comparison.outcome();
    }
    WindowVerification windows = compareWindows(batch.windows().get(), progress);
    out.println();
    windows.lines().forEach(out::println);
    LOG.info("verified the windows and the events: {}", windows.outcome());
    return comparison.outcome() == Outcome.IDENTICAL ? windows.outcome() : comparison.outcome();
  }

  /**
   * Every window the batch or the stream holds, and the events, from the stream, against the batch.
   */
  private WindowVerification compareWindows(BatchWindows batch, Progress progress)
      throws Failure, InterruptedException {
    try {
      List<WindowAnswer> stream = client.windows(REQUEST_TIMEOUT);
      for (WindowAnswer window : stream) {
        if (window.end() - window.start() != batch.windowing().size()) {
          throw new Failure(
              "the stream keeps windows of "
                  + Durations.format(Duration.ofSeconds(window.end() - window.start()))
                  + ", not "
                  + Durations.format(Duration.ofSeconds(batch.windowing().size()))
                  + ": verify with its --window");
        }
      }
      Map<Long, Map<String, Evidence>> counts = new TreeMap<>();
      for (WindowAnswer window : stream) {
        counts.put(window.start(), client.counts(window.start(), COUNTS_TIMEOUT));
      }
      List<ServerEvent> events = client.events(MAX_EVENTS, COUNTS_TIMEOUT);
      return WindowVerification.of(batch, stream, counts, events, progress, MAX_DIFFERENCE_LINES);
    } catch (ApiException e) {
      throw cannotRead("windows", e);
    }
  }

  private InputFiles listInput() throws Failure {
    try {
      InputFiles input = InputFiles.at(settings.data(), settings.maxRecordBytes());
      if (input.files().isEmpty()) {
        throw new Failure("no input files in " + settings.data());
      }
      return input;
    } catch (NoSuchFileException e) {
      throw new Failure("no such file or folder: " + settings.data());
    } catch (IOException e) {
      throw new Failure("cannot list " + settings.data() + ": " + describe(e));
    }
  }

  private BatchCount countBatch(InputFiles input, WebPorts ports) throws Failure {
    try {
      BatchCounter counter = new BatchCounter(new FlowLineParser(ports));
      TimeSettings time = settings.time();
      return time.windows().isPresent()
          ? counter.count(input, time.windows().get(), time.serverRule())
          : counter.count(input);
    } catch (IOException e) {
      throw new Failure("cannot read " + settings.data() + ": " + describe(e));
    }
  }

  private WebPorts streamPorts(Budget budget) throws Failure, InterruptedException {
    Polled<WebPorts> polled = poll(budget, client::ports, p -> true, p -> "");
    if (polled.last() == null) {
      throw neverReady(polled);
    }
    return polled.last();
  }

  /** The first devices by the measure asked for, in the ranking order of docs/design.md §1.4. */
  private List<RankedEvidence> top(Map<String, Evidence> evidence) {
    Comparator<RankedEvidence> order = RankedEvidence.order(settings.by());
    return evidence.entrySet().stream()
        .map(e -> new RankedEvidence(e.getKey(), e.getValue()))
        .sorted(order)
        .limit(settings.top())
        .toList();
  }

  private Map<String, Evidence> streamCounts() throws Failure, InterruptedException {
    try {
      return client.counts(COUNTS_TIMEOUT);
    } catch (ApiException e) {
      throw cannotRead("counts", e);
    }
  }

  /** A failure to read the stream's {@code what}: the API's own words for a bad answer. */
  private Failure cannotRead(String what, ApiException e) {
    return new Failure(
        e.problem() == ApiException.Problem.BAD_ANSWER
            ? e.getMessage()
            : "cannot read the stream's " + what + " from " + settings.endpoint() + ": "
                + problemText(e));
  }

  private List<String> warnings(BatchCount batch, Progress progress, int files) {
    List<String> warnings = new ArrayList<>();
    if (progress.filesCommitted() > files) {
      warnings.add(
          "warning: the replay log holds "
              + TableRenderer.plural(progress.filesCommitted(), "file")
              + ", the input "
              + TableRenderer.number(files)
              + ": the stream has read other input too");
    }
    if (progress.records() != batch.records()) {
      warnings.add(
          "warning: the records differ: batch "
              + TableRenderer.number(batch.records())
              + ", stream "
              + TableRenderer.number(progress.records()));
    }
    Map<String, Long> batchRejected = new HashMap<>();
    batch.rejected().forEach((reason, n) -> batchRejected.put(reason.name(), n));
    Map<String, Long> streamRejected = new HashMap<>();
    progress
        .rejectedByReason()
        .forEach(
            (reason, n) -> {
              if (n != 0) {
                streamRejected.put(reason, n);
              }
            });
    if (!batchRejected.equals(streamRejected) || batch.rejectedTotal() != progress.rejected()) {
      warnings.add(
          "warning: the rejected records differ: batch "
              + TableRenderer.rejected(batch.rejectedTotal(), batchRejected)
              + ", stream "
              + TableRenderer.rejected(progress.rejected(), streamRejected));
    }
    return warnings;
  }

  private static String progressStatus(Progress p, int files) {
    return p.state()
        + ", "
        + TableRenderer.number(p.filesCommitted())
        + "/"
        + TableRenderer.number(files)
        + " files committed, "
        + TableRenderer.plural(p.records(), "record")
        + ", lag "
        + TableRenderer.number(p.totalLag());
  }

  /**
   * Asks {@code call} until {@code done} holds for an answer or the budget is spent. Unreachable
   * and not-ready endpoints are waited for; an answer that is not the API's ends the run.
   */
  private <T> Polled<T> poll(
      Budget budget, Call<T> call, Predicate<T> done, Function<T, String> status)
      throws Failure, InterruptedException {
    StatusLine line = new StatusLine(out, interactive);
    T last = null;
    boolean answered = false;
    ApiException problem = null;
    budget.start();
    try {
      while (true) {
        try {
          T answer = call.call(requestTimeout(budget.leftNanos()));
          last = answer;
          answered = true;
          if (done.test(answer)) {
            return new Polled<>(answer, true, true, null);
          }
          line.show(status.apply(answer));
        } catch (ApiException e) {
          if (e.problem() == ApiException.Problem.BAD_ANSWER) {
            throw new Failure(e.getMessage());
          }
          LOG.debug("{} not ready: {}", settings.endpoint(), e.getMessage());
          answered |= e.problem() == ApiException.Problem.NOT_READY;
          problem = e;
          line.show("waiting for " + settings.endpoint() + ": " + problemText(e));
        }
        long left = budget.leftNanos();
        if (left <= 0) {
          return new Polled<>(last, false, answered, problem);
        }
        Thread.sleep(Math.max(1, Math.min(settings.pollInterval().toMillis(), left / 1_000_000)));
      }
    } finally {
      budget.stop();
      line.end();
    }
  }

  private Failure neverReady(Polled<?> polled) {
    String why = polled.problem() == null ? "" : " (" + problemText(polled.problem()) + ")";
    String within = " within " + Durations.format(settings.timeout());
    return polled.answered()
        ? new Failure("the streams app at " + settings.endpoint() + " was not ready" + within + why)
        : new Failure("no answer from " + settings.endpoint() + within + why);
  }

  private static String problemText(ApiException e) {
    return e.problem() == ApiException.Problem.UNREACHABLE
        ? "no answer, " + e.getMessage()
        : e.getMessage();
  }

  private static Duration requestTimeout(long leftNanos) {
    Duration left = Duration.ofNanos(Math.max(0, leftNanos));
    if (left.compareTo(MIN_REQUEST_TIMEOUT) < 0) {
      return MIN_REQUEST_TIMEOUT;
    }
    return left.compareTo(REQUEST_TIMEOUT) > 0 ? REQUEST_TIMEOUT : left;
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** One request to the endpoint, with the time it may take. */
  @FunctionalInterface
  private interface Call<T> {
    T call(Duration timeout) throws ApiException, InterruptedException;
  }

  /** How a poll ended: the last answer (null if none), and why it stopped. */
  private record Polled<T>(T last, boolean done, boolean answered, ApiException problem) {}

  /**
   * The time left to wait, spent only while polling: the batch count in between does not eat the
   * user's timeout.
   */
  private static final class Budget {

    private long remainingNanos;
    private long deadline;

    Budget(Duration timeout) {
      this.remainingNanos = saturatedNanos(timeout);
    }

    void start() {
      deadline = System.nanoTime() + remainingNanos;
    }

    long leftNanos() {
      return deadline - System.nanoTime();
    }

    void stop() {
      remainingNanos = Math.max(0, leftNanos());
    }

    private static long saturatedNanos(Duration d) {
      // A century is "forever" here and keeps nanoTime arithmetic far from overflow.
      Duration capped = d.compareTo(Duration.ofDays(36_500)) > 0 ? Duration.ofDays(36_500) : d;
      return capped.toNanos();
    }
  }

  /** A user-facing error: its message is printed as is, without a stack trace. */
  private static final class Failure extends Exception {

    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
