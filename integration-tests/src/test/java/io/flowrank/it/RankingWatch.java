package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.text.TerminalText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Asks one instance for {@code /api/top?n=N} while the cluster around it changes (an instance
 * joins, leaves or dies), and keeps the verdict on every answer. The API's promise under test: an
 * answer is either complete — every partition covered, and then exactly the batch's ranking, since
 * the data no longer changes — or a 503 with {@code Retry-After} and a JSON error; never a shorter
 * or different list, never a 500. With {@code stale=true} a standby may answer, so its list may be
 * behind, but it must still cover every partition or be a 503. Thread-safe.
 */
final class RankingWatch {

  /** What one answer was. */
  enum Verdict {
    /** 200, every partition covered, exactly the expected ranking. */
    COMPLETE,
    /** 503 with {@code Retry-After} and a JSON error. */
    UNAVAILABLE,
    /**
     * {@code stale=true} only: 200, every partition covered, another ranking (a standby behind).
     */
    OUT_OF_DATE,
    /** Anything else: the promise is broken. */
    BROKEN
  }

  /**
   * One answer.
   *
   * @param afterMillis when it came, after the watch was created
   * @param stale whether {@code stale=true} was asked
   * @param verdict what it was
   * @param answer the status and text, cut, for the failure message
   */
  record Observation(long afterMillis, boolean stale, Verdict verdict, String answer) {}

  private static final int MAX_TEXT = 300;

  private final String baseUrl;
  private final ApiClient client;
  private final int n;
  private final int partitions;
  private final List<DeviceCount> expected;
  private final long start = System.nanoTime();
  private final Queue<Observation> observations = new ConcurrentLinkedQueue<>();

  /**
   * @param baseUrl the instance asked
   * @param partitions how many partitions a complete answer covers
   * @param expected the complete ranking (its size is the {@code n} asked)
   */
  RankingWatch(String baseUrl, int partitions, List<DeviceCount> expected) {
    this.baseUrl = baseUrl;
    this.client = ApiCalls.client(baseUrl);
    this.n = expected.size();
    this.partitions = partitions;
    this.expected = List.copyOf(expected);
  }

  /** Asks once, keeps the verdict and returns it. */
  Verdict ask(boolean stale) throws InterruptedException {
    String request = "/api/top?n=" + n + (stale ? "&stale=true" : "");
    Verdict verdict;
    String text;
    try {
      RawAnswer answer = client.send("GET", request, ApiCalls.REQUEST);
      verdict = judge(answer, stale);
      text = answer.status() + " " + TerminalText.abbreviate(answer.text(), MAX_TEXT);
    } catch (ApiException e) {
      // The instance asked is alive: not answering at all is not an answer the API may give.
      verdict = Verdict.BROKEN;
      text = "no answer: " + e;
    }
    observations.add(new Observation(elapsedMillis(), stale, verdict, text));
    return verdict;
  }

  /** Asks once without {@code stale} and tells whether the answer was complete and right. */
  boolean askIsComplete() throws InterruptedException {
    return ask(false) == Verdict.COMPLETE;
  }

  /**
   * Asks in the background, once per {@code interval}, alternately with and without {@code
   * stale=true}, at most {@code maxRequests} times; closing the handle stops it.
   */
  AutoCloseable pollInBackground(Duration interval, int maxRequests) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ranking-watch");
              thread.setDaemon(true);
              return thread;
            });
    AtomicInteger asked = new AtomicInteger();
    scheduler.scheduleWithFixedDelay(
        () -> {
          int count = asked.getAndIncrement();
          if (count >= maxRequests) {
            scheduler.shutdown();
            return;
          }
          try {
            ask(count % 2 == 1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return () -> {
      scheduler.shutdownNow();
      if (!scheduler.awaitTermination(ApiCalls.REQUEST.toSeconds() + 5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the ranking watch did not stop");
      }
    };
  }

  List<Observation> observations() {
    return List.copyOf(observations);
  }

  /** How many answers had {@code verdict}. */
  long count(Verdict verdict) {
    return observations.stream().filter(o -> o.verdict() == verdict).count();
  }

  /** How many answers of each verdict, with and without {@code stale}, for the logs. */
  String summary() {
    return observations.stream()
        .collect(
            Collectors.groupingBy(
                o -> (o.stale() ? "stale " : "") + o.verdict(),
                TreeMap::new,
                Collectors.counting()))
        .toString();
  }

  /** Fails listing every broken answer, if any. */
  void assertNothingBroken() {
    List<Observation> broken =
        observations.stream().filter(o -> o.verdict() == Verdict.BROKEN).toList();
    assertThat(broken)
        .as("answers of %s/api/top that were neither complete nor a 503 (%s)", baseUrl, summary())
        .isEmpty();
  }

  private Verdict judge(RawAnswer answer, boolean stale) {
    if (ApiCalls.isUnavailableWithJsonError(answer)) {
      return Verdict.UNAVAILABLE;
    }
    if (answer.status() != 200) {
      return Verdict.BROKEN;
    }
    Optional<TopAnswer> ranking = answer.readIf(TopAnswer.class);
    if (ranking.isEmpty()) {
      return Verdict.BROKEN;
    }
    TopAnswer top = ranking.get();
    boolean covered =
        top.partitions().covered() == partitions && top.partitions().total() == partitions;
    if (covered && top.ranking().equals(expected)) {
      return Verdict.COMPLETE;
    }
    return stale && covered && top.devices().size() == n ? Verdict.OUT_OF_DATE : Verdict.BROKEN;
  }

  private long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
