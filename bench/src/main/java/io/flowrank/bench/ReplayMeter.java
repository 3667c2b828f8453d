package io.flowrank.bench;

import io.flowrank.core.kafka.ReplayLog;
import io.flowrank.core.kafka.ReplayLogEntry;
import io.flowrank.producer.ProducerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Measures one replay on a running broker and streams app. Started just before the producer is
 * launched; {@link #caughtUp} is called the moment the streams app is caught up. Broker, streams
 * app and machine CPU are the difference between those two moments; the producer's is the last
 * value polled before it exits (it runs from the launch, so that is its whole life, less up to
 * {@link Pipeline#PRODUCER_POLL} at the end). The lines and Kafka records sent come from the
 * replay log, read {@code read_committed}: exact, whatever else the topics hold (every batch of a
 * file sent in several).
 */
final class ReplayMeter {

  /** How long a producer may take to exit once the streams app has caught up with its files. */
  static final Duration PRODUCER_EXIT = Duration.ofMinutes(2);

  private final ChildJvm broker;
  private final ChildJvm stream;
  private final String bootstrap;
  private final long startNanos;
  private final Optional<Duration> brokerStart;
  private final Optional<Duration> streamStart;
  private final Optional<MachineCpu> machineStart;

  ReplayMeter(ChildJvm broker, ChildJvm stream, String bootstrap) {
    this.broker = broker;
    this.stream = stream;
    this.bootstrap = bootstrap;
    this.machineStart = MachineCpu.now();
    this.brokerStart = broker.cpu();
    this.streamStart = stream.cpu();
    this.startNanos = System.nanoTime();
  }

  /**
   * Ends the measure now that the streams app is caught up with {@code files} (the batch names the
   * producer replayed, from {@code data}); waits for the producer to exit, then reads the replay
   * log.
   */
  ReplayCost caughtUp(ChildJvm producer, Path data, Collection<String> files, int linesPerRecord)
      throws InterruptedException {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Optional<MachineCpu> machineEnd = MachineCpu.now();
    OptionalDouble brokerCpu = difference(brokerStart, broker.cpu());
    OptionalDouble streamCpu = difference(streamStart, stream.cpu());
    OptionalDouble machineCpu =
        machineStart.isPresent() && machineEnd.isPresent()
            ? OptionalDouble.of(machineEnd.get().busySecondsSince(machineStart.get(), seconds))
            : OptionalDouble.empty();
    producer.awaitSuccess(PRODUCER_EXIT);
    OptionalDouble producerCpu = difference(Optional.of(Duration.ZERO), producer.cpu());

    Sent sent = Sent.of(replayLog(data).values(), files);
    return new ReplayCost(
        linesPerRecord,
        sent.rows(),
        sent.records(),
        seconds,
        producerCpu,
        brokerCpu,
        streamCpu,
        machineCpu);
  }

  /** The lines and Kafka records a replay of some files sent, by the replay log. */
  record Sent(long rows, long records) {

    /**
     * What the committed entries of {@code files} say: a file longer than {@code --rows-per-batch}
     * is one entry per batch ({@code name#1}, {@code name#2}, ...).
     *
     * @throws IllegalStateException when a file's last batch is not in the log
     */
    static Sent of(Collection<ReplayLogEntry> committed, Collection<String> files) {
      Set<String> wanted = Set.copyOf(files);
      Set<String> ended = new HashSet<>();
      long rows = 0;
      long records = 0;
      for (ReplayLogEntry entry : committed) {
        if (wanted.contains(entry.sourceName())) {
          rows += entry.records();
          records += entry.frames();
          if (entry.endsSource()) {
            ended.add(entry.sourceName());
          }
        }
      }
      for (String file : wanted) {
        if (!ended.contains(file)) {
          throw new IllegalStateException("caught up, yet the replay log does not end " + file);
        }
      }
      return new Sent(rows, records);
    }
  }

  private Map<String, ReplayLogEntry> replayLog(Path data) {
    try (Consumer<String, String> consumer =
        new KafkaConsumer<>(ProducerSettings.of(bootstrap, data).replayLogConsumerProperties())) {
      return ReplayLog.read(consumer, Duration.ofMinutes(1));
    }
  }

  private static OptionalDouble difference(Optional<Duration> start, Optional<Duration> end) {
    if (start.isEmpty() || end.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(end.get().minus(start.get()).toNanos() / 1e9);
  }
}
