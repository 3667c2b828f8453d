package io.flowrank.bench;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures freshness during a replay: the last line of every benchmark file is a web flow to a
 * device of its own ({@link BenchData#probeDevice}). Its send time is the timestamp of the
 * replay-log record of the file's last batch, which the producer sends right after it, in the same
 * transaction; it is visible when {@code /api/devices/<probe>} first answers the count the probe
 * reaches with that file (1, unless the same content was replayed before under another name). Runs
 * on a daemon thread of its own, from {@link #start} to {@link #finish}.
 */
final class FreshnessProbe implements Runnable {

  /**
   * One file to time: the probe device its last line counts for, and the count that device reaches
   * once the file is counted.
   */
  record Probe(String file, String device, long count) {

    /** A file replayed for the first time: its own probe device, counted once. */
    static Probe first(String file) {
      return new Probe(file, BenchData.probeDevice(file), 1);
    }
  }

  /** When a file's last batch was sent and when its probe became visible, epoch milliseconds. */
  record Timing(String file, long sentMillis, long visibleMillis) {

    /** From send to visible; never below 0 (the two clocks are the same machine's). */
    double freshnessMillis() {
      return Math.max(0, visibleMillis - sentMillis);
    }
  }

  /** How long {@link #finish} lets the probe see the last files once the replay is caught up. */
  private static final Duration LAST_FILES = Duration.ofSeconds(10);

  // Often enough for a figure in the hundreds of milliseconds, seldom enough not to load the app.
  private static final Duration POLL_EVERY = Duration.ofMillis(10);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final String bootstrap;
  private final ApiClient api;
  // In replay order.
  private final List<Probe> probes;
  private final Set<String> wanted;
  private final Map<String, Long> sentAt = new HashMap<>();
  private final Map<String, Long> visibleAt = new HashMap<>();
  private final Thread thread;
  private volatile boolean stopped;

  private FreshnessProbe(String bootstrap, String endpoint, List<Probe> probes, String threadName) {
    this.bootstrap = bootstrap;
    this.api = new ApiClient(URI.create(endpoint), REQUEST_TIMEOUT);
    this.probes = List.copyOf(probes);
    this.wanted = Set.copyOf(probes.stream().map(Probe::file).toList());
    this.thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  /**
   * Starts probing {@code files} (in replay order, each replayed for the first time) on the
   * streams app at {@code endpoint}.
   */
  static FreshnessProbe start(
      String bootstrap, String endpoint, List<String> files, String threadName) {
    return probe(bootstrap, endpoint, files.stream().map(Probe::first).toList(), threadName);
  }

  /** Starts probing {@code probes} (in replay order) on the streams app at {@code endpoint}. */
  static FreshnessProbe probe(
      String bootstrap, String endpoint, List<Probe> probes, String threadName) {
    FreshnessProbe probe = new FreshnessProbe(bootstrap, endpoint, probes, threadName);
    probe.thread.start();
    return probe;
  }

  /** Stops the probe, after {@link #LAST_FILES} at most; its figures are final then. */
  void finish() throws InterruptedException {
    thread.join(LAST_FILES.toMillis());
    stopped = true;
    thread.join();
  }

  @Override
  public void run() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> replayLog =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.REPLAY_LOG.name(), 0);
      replayLog.assign(List.of(partition));
      replayLog.seekToBeginning(List.of(partition));
      int next = 0;
      while (!stopped && (next < probes.size() || sentAt.size() < probes.size())) {
        for (ConsumerRecord<String, String> record : replayLog.poll(Duration.ZERO)) {
          // A file longer than --rows-per-batch is several batches: its probe is in the last.
          ReplayLogEntry entry =
              record.value() == null ? null : ReplayLogEntry.fromJson(record.value());
          if (entry != null && entry.endsSource() && wanted.contains(entry.sourceName())) {
            sentAt.putIfAbsent(entry.sourceName(), record.timestamp());
          }
        }
        if (next < probes.size() && visible(probes.get(next))) {
          visibleAt.put(probes.get(next).file(), System.currentTimeMillis());
          next++;
          continue;
        }
        Thread.sleep(POLL_EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The phase reports what was measured before the failure.
    }
  }

  /** Whether the probe's device has reached its count; not yet while the app cannot answer. */
  private boolean visible(Probe probe) throws InterruptedException {
    try {
      return api.device(probe.device(), REQUEST_TIMEOUT).map(DeviceAnswer::count).orElse(0L)
          >= probe.count();
    } catch (ApiException notNow) {
      return false;
    }
  }

  /** Send and visible times of every file measured, in replay order. */
  synchronized List<Timing> timings() {
    List<Timing> timings = new ArrayList<>();
    for (Probe probe : probes) {
      Long sent = sentAt.get(probe.file());
      Long visible = visibleAt.get(probe.file());
      if (sent != null && visible != null) {
        timings.add(new Timing(probe.file(), sent, visible));
      }
    }
    return timings;
  }

  /** Milliseconds from send to visible, per file measured. */
  synchronized double[] freshnessMillis() {
    return timings().stream().mapToDouble(Timing::freshnessMillis).toArray();
  }

  /** Mean time between two files' commits: how long a file's transaction stays open. */
  synchronized double meanFileMillis() {
    List<Long> times = new ArrayList<>();
    for (Probe probe : probes) {
      Long sent = sentAt.get(probe.file());
      if (sent != null) {
        times.add(sent);
      }
    }
    if (times.size() < 2) {
      return 0;
    }
    return (times.get(times.size() - 1) - times.get(0)) / (double) (times.size() - 1);
  }
}
