package io.flowrank.bench;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
 * reaches with that file (1, unless the same content was replayed before under another name). A
 * probe line at a data time of its file's ({@link BenchData#lastWebFlowTime}) is also timed in its window
 * of data time: visible when {@code /api/devices/<probe>/timeline} first holds a window of it, the
 * freshness of the latest window beside that of all time (issue 21). Runs on a daemon thread of its
 * own, from {@link #start} to {@link #finish}.
 */
final class FreshnessProbe implements Runnable {

  /**
   * One file to time: the probe device its last line counts for, the count that device reaches
   * once the file is counted, and the data time of that line when it is to be timed in its window.
   */
  record Probe(String file, String device, long count, OptionalLong windowTime) {

    /** A probe timed in all time only. */
    Probe(String file, String device, long count) {
      this(file, device, count, OptionalLong.empty());
    }

    /**
     * A file replayed for the first time: its own probe device, counted once, in the window of
     * {@code time} too when present.
     */
    static Probe first(String file, OptionalLong time) {
      return new Probe(file, BenchData.probeDevice(file), 1, time);
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
  private final Map<String, Long> windowVisibleAt = new HashMap<>();
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
   * Starts probing {@code files} of {@code dir} (in replay order, each replayed for the first
   * time) on the streams app at {@code endpoint}; with {@code windowed} (the streams app keeps
   * windows), in their windows too.
   */
  static FreshnessProbe start(
      String bootstrap,
      String endpoint,
      Path dir,
      List<String> files,
      boolean windowed,
      String threadName)
      throws IOException {
    List<Probe> probes = new ArrayList<>();
    for (String file : files) {
      OptionalLong time =
          windowed ? BenchData.lastWebFlowTime(dir.resolve(file)) : OptionalLong.empty();
      probes.add(Probe.first(file, time));
    }
    return probe(bootstrap, endpoint, probes, threadName);
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
      // The next probe to see in its window: polled once visible in all time, right after it in
      // the same turn (both are written in one transaction), so no probe waits on the other's poll
      // and nothing more is asked while a file is not counted yet.
      int nextInWindow = 0;
      while (!stopped
          && (next < probes.size()
              || sentAt.size() < probes.size()
              || nextInWindow < probes.size())) {
        for (ConsumerRecord<String, String> record : replayLog.poll(Duration.ZERO)) {
          // A file longer than --rows-per-batch is several batches: its probe is in the last.
          ReplayLogEntry entry =
              record.value() == null ? null : ReplayLogEntry.fromJson(record.value());
          if (entry != null && entry.endsSource() && wanted.contains(entry.sourceName())) {
            sentAt.putIfAbsent(entry.sourceName(), record.timestamp());
          }
        }
        boolean seen = false;
        if (next < probes.size() && visible(probes.get(next))) {
          visibleAt.put(probes.get(next).file(), System.currentTimeMillis());
          next++;
          seen = true;
        }
        while (nextInWindow < next && probes.get(nextInWindow).windowTime().isEmpty()) {
          nextInWindow++;
        }
        if (nextInWindow < next && visibleInWindow(probes.get(nextInWindow))) {
          windowVisibleAt.put(probes.get(nextInWindow).file(), System.currentTimeMillis());
          nextInWindow++;
          seen = true;
        }
        if (seen) {
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

  /**
   * Whether the probe's timeline holds the window of its line's data time; not yet while the app
   * cannot answer (nor, a 404, before the device is counted anywhere).
   */
  private boolean visibleInWindow(Probe probe) throws InterruptedException {
    long time = probe.windowTime().getAsLong();
    try {
      return api.timeline(probe.device(), REQUEST_TIMEOUT).windows().stream()
          .anyMatch(w -> w.start() <= time && time < w.end() && w.evidence().count() >= 1);
    } catch (ApiException notNow) {
      return false;
    }
  }

  /** Send and visible times of every file measured, in replay order. */
  synchronized List<Timing> timings() {
    return timings(visibleAt);
  }

  private List<Timing> timings(Map<String, Long> visibleAt) {
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

  /**
   * Milliseconds from send to visible in its window of data time, per file measured there (none
   * unless its probe had a window time).
   */
  synchronized double[] windowFreshnessMillis() {
    return timings(windowVisibleAt).stream().mapToDouble(Timing::freshnessMillis).toArray();
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
