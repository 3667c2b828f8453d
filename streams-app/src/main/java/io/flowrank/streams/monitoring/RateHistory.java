package io.flowrank.streams.monitoring;

import io.flowrank.core.api.RatesAnswer;
import io.flowrank.core.api.RatesAnswer.Sample;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.StreamStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many records the stream has read over the last minutes ({@code /api/rates}): the statistics
 * of every partition sampled every {@link #INTERVAL} while Kafka Streams runs (skipped while a
 * partition cannot answer), the last {@link #KEPT} kept in memory. Each instance samples the whole
 * application, so any instance answers; a restarted instance starts a new history.
 */
public final class RateHistory implements AutoCloseable {

  public static final Duration INTERVAL = Duration.ofSeconds(2);
  public static final Duration KEPT = Duration.ofMinutes(10);
  /** The window of the current rate: a few samples, so one late sample does not make it jump. */
  static final Duration RECENT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(RateHistory.class);

  private final Deque<Sample> samples = new ArrayDeque<>();
  private ScheduledExecutorService sampler;

  /** Records a reading at {@code timeMillis}; a reading that goes back in time is dropped. */
  public synchronized void record(long timeMillis, long records, long webFlows) {
    Sample last = samples.peekLast();
    double rate = 0;
    if (last != null) {
      if (timeMillis <= last.time() || records < last.records()) {
        return;
      }
      rate = (records - last.records()) * 1000.0 / (timeMillis - last.time());
    }
    samples.addLast(new Sample(timeMillis, records, webFlows, rate));
    while (timeMillis - samples.peekFirst().time() > KEPT.toMillis()) {
      samples.removeFirst();
    }
  }

  /** The history, and the rate over the last {@link #RECENT} (0 with fewer than 2 samples). */
  public synchronized RatesAnswer rates() {
    List<Sample> all = new ArrayList<>(samples);
    return new RatesAnswer(INTERVAL.toSeconds(), recentRate(all), all);
  }

  /** Records per second over the last {@link #RECENT} seconds. */
  public synchronized double recordsPerSecond() {
    return recentRate(new ArrayList<>(samples));
  }

  private static double recentRate(List<Sample> all) {
    if (all.size() < 2) {
      return 0;
    }
    Sample last = all.get(all.size() - 1);
    Sample first = last;
    for (int i = all.size() - 2; i >= 0; i--) {
      first = all.get(i);
      if (last.time() - first.time() >= RECENT.toMillis()) {
        break;
      }
    }
    return (last.records() - first.records()) * 1000.0 / (last.time() - first.time());
  }

  /**
   * Samples {@code stats} every {@link #INTERVAL} on a daemon thread while {@code running} says so.
   */
  public synchronized void startSampling(
      Supplier<Boolean> running, Supplier<StreamStats> stats, LongSupplier clock) {
    sampler =
        Repeat.every(INTERVAL, INTERVAL, "flowrank-rates", () -> sample(running, stats, clock));
  }

  private void sample(Supplier<Boolean> running, Supplier<StreamStats> stats, LongSupplier clock) {
    if (!running.get()) {
      return;
    }
    try {
      StreamStats now = stats.get();
      record(clock.getAsLong(), now.records(), now.webFlows());
    } catch (NotReadyException e) {
      LOG.debug("no rate sample now: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("rate sample failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
    }
  }
}
