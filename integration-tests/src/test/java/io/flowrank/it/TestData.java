package io.flowrank.it;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.Wire;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.kafka.Topics;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GeneratorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The input of the scenarios and its ground truth: generated files (a fixed seed, so every run sees
 * the same lines) and the batch count of a folder with the rules of docs/design.md §1.
 */
final class TestData {

  /** The acceptance data set: 10 files of 5,000 lines, one corrupt line in a hundred. */
  static final GeneratorSettings TEN_FILES =
      GeneratorSettings.defaults()
          .withFiles(10)
          .withRowsPerFile(5_000)
          .withSeed(20_170_303)
          .withCorruptRate(0.01);

  /**
   * The crash scenarios' data set: 20 files of 20,000 lines, one corrupt line in a hundred, so a
   * replay takes several seconds and a process can be killed in the middle of it.
   */
  static final GeneratorSettings CRASH_FILES =
      GeneratorSettings.defaults()
          .withFiles(20)
          .withRowsPerFile(20_000)
          .withSeed(20_170_304)
          .withCorruptRate(0.01);

  /**
   * The broker fault scenarios' data set: 20 files of 10,000 lines, replayed paced, so a broker can
   * die, or all three restart one by one, while it is replayed.
   */
  static final GeneratorSettings CLUSTER_FILES = CRASH_FILES.withRowsPerFile(10_000).withSeed(20_170_306);

  /**
   * The long crash scenarios' data set ({@code -Plong}): twice the files of {@link #CRASH_FILES}.
   */
  static final GeneratorSettings LONG_CRASH_FILES = CRASH_FILES.withFiles(40).withSeed(20_170_305);

  private TestData() {}

  /** Writes the files of {@code settings} into {@code dir} and returns it. */
  static Path generate(Path dir, GeneratorSettings settings) throws IOException {
    FlowGenerator.generate(dir, settings, false);
    return dir;
  }

  /**
   * Copies the first {@code count} input files of {@code source} (in the natural name order of a
   * replay) into {@code target}, keeping the files already there: the input of a replay grows as it
   * would when new files arrive. Returns {@code target}.
   */
  static Path copyFirstFiles(Path source, int count, Path target) throws IOException {
    List<Path> files = InputFiles.at(source, Limits.DEFAULT_MAX_RECORD_BYTES).files();
    if (count > files.size()) {
      throw new IllegalArgumentException(
          source + " holds " + files.size() + " files, not " + count);
    }
    Files.createDirectories(target);
    for (Path file : files.subList(0, count)) {
      Path copy = target.resolve(file.getFileName());
      if (!Files.exists(copy)) {
        Files.copy(file, copy);
      }
    }
    return target;
  }

  /** The batch count of every file in {@code data}: what the stream must end up with. */
  static BatchCount batchCount(Path data) throws IOException {
    return new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
        .count(InputFiles.at(data, Limits.DEFAULT_MAX_RECORD_BYTES));
  }

  /** The same, per window of {@code windowing} too, with the default server rule's events. */
  static BatchCount batchCount(Path data, Windowing windowing) throws IOException {
    return new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
        .count(InputFiles.at(data, Limits.DEFAULT_MAX_RECORD_BYTES), windowing, ServerRule.DEFAULT);
  }

  /**
   * The devices that became web servers and the window of each, from the committed records of
   * {@code webserver-events}; a device announced twice is an error.
   */
  static Map<String, Long> eventsInTopic(String bootstrapServers) {
    Map<String, Long> windows = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record :
        CommittedRecords.readAll(bootstrapServers, Topics.WEBSERVER_EVENTS.name(), ApiCalls.WAIT)) {
      ServerEvent event = Wire.read(record.value(), ServerEvent.class);
      String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
      if (!key.equals(event.dstdevice()) || windows.put(key, event.window()) != null) {
        throw new AssertionError("webserver-events holds " + key + " twice, or keyed by another: " + event);
      }
    }
    return windows;
  }

  /** The batch's events as {@link #eventsInTopic} reads the topic's. */
  static Map<String, Long> eventWindows(BatchCount batch) {
    Map<String, Long> windows = new TreeMap<>();
    batch.windows().orElseThrow().events().forEach(e -> windows.put(e.dstdevice(), e.window()));
    return windows;
  }
}
