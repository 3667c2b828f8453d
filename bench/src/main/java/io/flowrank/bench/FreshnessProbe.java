package io.flowrank.bench;

import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.core.kafka.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures freshness during a replay: the last line of every benchmark file is a web flow to a
 * device of its own ({@link BenchData#probeDevice}). Its send time is the timestamp of the
 * replay-log record of the file's last batch, which the producer sends right after it, in the same
 * transaction; it is visible when {@code /api/devices/<probe>} first answers 200. Runs on a daemon
 * thread of its own, from {@link #start} to {@link #finish}.
 */
final class FreshnessProbe implements Runnable {

  /** How long {@link #finish} lets the probe see the last files once the replay is caught up. */
  private static final Duration LAST_FILES = Duration.ofSeconds(10);

  // Often enough for a figure in the hundreds of milliseconds, seldom enough not to load the app.
  private static final Duration POLL_EVERY = Duration.ofMillis(10);

  private final String bootstrap;
  private final StreamApi api;
  // In replay order: file name → probe device.
  private final List<String> files;
  private final java.util.Set<String> wanted;
  private final Map<String, Long> sentAt = new HashMap<>();
  private final Map<String, Long> visibleAt = new HashMap<>();
  private final Thread thread;
  private volatile boolean stopped;

  private FreshnessProbe(String bootstrap, String endpoint, List<String> files, String threadName) {
    this.bootstrap = bootstrap;
    this.api = new StreamApi(endpoint);
    this.files = List.copyOf(files);
    this.wanted = java.util.Set.copyOf(files);
    this.thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  /** Starts probing {@code files} (in replay order) on the streams app at {@code endpoint}. */
  static FreshnessProbe start(
      String bootstrap, String endpoint, List<String> files, String threadName) {
    FreshnessProbe probe = new FreshnessProbe(bootstrap, endpoint, files, threadName);
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
      while (!stopped && (next < files.size() || sentAt.size() < files.size())) {
        for (ConsumerRecord<String, String> record : replayLog.poll(Duration.ZERO)) {
          // A file longer than --rows-per-batch is several batches: its probe is in the last.
          ReplayLogEntry entry =
              record.value() == null ? null : ReplayLogEntry.fromJson(record.value());
          if (entry != null && entry.endsSource() && wanted.contains(entry.sourceName())) {
            sentAt.putIfAbsent(entry.sourceName(), record.timestamp());
          }
        }
        if (next < files.size()) {
          String file = files.get(next);
          if (api.device(BenchData.probeDevice(file)) == 200) {
            visibleAt.put(file, System.currentTimeMillis());
            next++;
            continue;
          }
        }
        Thread.sleep(POLL_EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // The phase reports what was measured before the failure.
    }
  }

  /** Milliseconds from send to visible, per file measured. */
  synchronized double[] freshnessMillis() {
    List<Double> values = new ArrayList<>();
    for (String file : files) {
      Long sent = sentAt.get(file);
      Long visible = visibleAt.get(file);
      if (sent != null && visible != null) {
        values.add((double) Math.max(0, visible - sent));
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Mean time between two files' commits: how long a file's transaction stays open. */
  synchronized double meanFileMillis() {
    List<Long> times = new ArrayList<>();
    for (String file : files) {
      Long sent = sentAt.get(file);
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
