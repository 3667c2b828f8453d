package io.flowrank.bench;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GeneratorSettings;
import io.flowrank.core.synthetic.OutputCompression;
import io.flowrank.core.synthetic.OutputFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The benchmark's data sets, generated once and cached under the work folder by their parameters
 * (a marker file, written last, says a set is complete).
 */
final class BenchData {

  private static final String COMPLETE = ".complete";
  private static final String PROBE_PREFIX = "flowrank-probe-";
  private static final int TAIL_BYTES = 64 * 1024;

  private BenchData() {}

  /** The device of the probe line ending {@code file}: {@code time_07.json} → flowrank-probe-time_07. */
  static String probeDevice(String file) {
    int dot = file.lastIndexOf('.');
    return PROBE_PREFIX + (dot > 0 ? file.substring(0, dot) : file);
  }

  /** A web flow in the LANL format to a device of its own, at data time 0. */
  static String webFlowLine(String dstdevice) {
    return webFlowLine(dstdevice, 0);
  }

  /** A web flow in the LANL format to a device of its own, at data time {@code time}. */
  static String webFlowLine(String dstdevice, long time) {
    return "{\"time\": \""
        + time
        + "\", \"duration\": \"0\", \"srcdevice\": \"flowrank-bench\", \"dstdevice\": \""
        + dstdevice
        + "\", \"protocol\": \"6\", \"srcport\": \"Port1\", \"dstport\": \"443\", \"srcpackets\": \"1\","
        + " \"dstpackets\": \"1\", \"srcbytes\": \"1\", \"dstbytes\": \"1\"}";
  }

  /**
   * {@code files} generated files of {@code rows} lines in all (the notebook's shape), each ending
   * with a probe line for {@link FreshnessProbe}.
   */
  static Path flows(Path root, long rows, int files, long seed) throws IOException {
    // Named apart from the sets of earlier builds, whose probe lines were all at time 0.
    Path dir = root.resolve(flowsName(rows, files, seed) + "-timed-probes");
    if (isComplete(dir)) {
      return dir;
    }
    reset(dir);
    FlowGenerator.generate(dir, settings(rows, files, seed));
    for (Path file : InputFiles.at(dir, Integer.MAX_VALUE).files()) {
      appendProbe(file, probeDevice(InputFiles.batchName(file)));
    }
    markComplete(dir);
    return dir;
  }

  /**
   * Ends {@code file} with the probe line of {@code device}, at the data time of the file's last
   * web flow: the probe then counts in the window of data time its file ends in (the latest window
   * while the files come in order), not as a late flow, so its freshness is also the latest
   * window's.
   */
  private static void appendProbe(Path file, String device) throws IOException {
    Files.writeString(
        file,
        webFlowLine(device, lastWebFlowTime(file).orElse(0)) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  /**
   * The data time of the last web flow with a valid {@code time} among the last {@value
   * #TAIL_BYTES} bytes of JSON lines {@code file}, judged by the rules the stream applies (so for
   * a file ending with its probe, the probe's time): the line before it when the last is corrupt.
   */
  static OptionalLong lastWebFlowTime(Path file) throws IOException {
    byte[] tail;
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, in.length() - TAIL_BYTES);
      tail = new byte[Math.toIntExact(in.length() - start)];
      in.seek(start);
      in.readFully(tail);
    }
    FlowLineParser rules = new FlowLineParser(WebPorts.DEFAULT);
    FlowFields fields = new FlowFields();
    // Line by line from the end: [start, end), without its newline.
    int end = tail.length > 0 && tail[tail.length - 1] == '\n' ? tail.length - 1 : tail.length;
    while (end > 0) {
      int start = end;
      while (start > 0 && tail[start - 1] != '\n') {
        start--;
      }
      // The first line of the tail may be cut: judged all the same, it is no web flow then.
      if (rules.parse(tail, start, end - start, fields).isWebFlow()
          && fields.time() != FlowFields.ABSENT) {
        return OptionalLong.of(fields.time());
      }
      end = start - 1;
    }
    return OptionalLong.empty();
  }

  /**
   * The flows of {@link #flows} as the raw LANL day file: one CSV file without header ({@code
   * netflow_day-03.gz}, {@code .bz2}), the same rows but the echoed header record and without the
   * probe lines, next to the JSON files in a folder of its own.
   */
  static Path rawDay(Path root, long rows, int files, long seed, OutputCompression compression)
      throws IOException {
    Path dir = root.resolve(flowsName(rows, files, seed) + "-csv-" + compression.cliName());
    GeneratorSettings settings = settings(rows, files, seed);
    Path file =
        dir.resolve(
            FlowGenerator.fileNames(settings, OutputFormat.CSV, compression).get(0));
    if (!isComplete(dir)) {
      reset(dir);
      FlowGenerator.generate(dir, settings, OutputFormat.CSV, compression, false);
      markComplete(dir);
    }
    return file;
  }

  private static String flowsName(long rows, int files, long seed) {
    return "rows-" + rows + "-files-" + files + "-seed-" + seed;
  }

  private static GeneratorSettings settings(long rows, int files, long seed) {
    return new GeneratorSettings(
        files,
        Math.toIntExact(Math.max(1, rows / files)),
        seed,
        GeneratorSettings.DEFAULT_CORRUPT_RATE,
        GeneratorSettings.DEFAULT_WEB_DEVICES);
  }

  /**
   * The notebook-sized sample, as {@code flowrank demo} generates it, three times under different
   * names, in three folders that each add one set to the previous one: {@code warmup/} holds
   * {@code warmup_NN.json}; {@code timed/} adds {@code time_NN.json}; {@code paced/} adds {@code
   * paced_NN.json}, each ending with a probe line. Replaying the three in turn on one pipeline
   * replays each set once (committed files are skipped), and the stream's counts then equal the
   * batch count of {@code paced/}.
   */
  record Sample(Path warmup, Path timed, Path paced) {}

  static Sample sample(Path root) throws IOException {
    Path dir = root.resolve("notebook-sample-x3-timed-probes");
    Sample sample = new Sample(dir.resolve("warmup"), dir.resolve("timed"), dir.resolve("paced"));
    if (!isComplete(dir)) {
      reset(dir);
      Path generated = dir.resolve("generated");
      FlowGenerator.generate(generated, GeneratorSettings.defaults());
      Files.createDirectories(sample.warmup());
      Files.createDirectories(sample.timed());
      Files.createDirectories(sample.paced());
      for (Path file : InputFiles.at(generated, Integer.MAX_VALUE).files()) {
        String number = InputFiles.batchName(file).substring("time_".length());
        Path warmup = sample.warmup().resolve("warmup_" + number);
        Files.copy(file, warmup);
        Path time = sample.timed().resolve("time_" + number);
        Files.move(file, time);
        Path paced = sample.paced().resolve("paced_" + number);
        Files.copy(time, paced);
        appendProbe(paced, probeDevice(paced.getFileName().toString()));
        link(warmup, sample.timed());
        link(warmup, sample.paced());
        link(time, sample.paced());
      }
      Files.delete(generated);
      markComplete(dir);
    }
    return sample;
  }

  /** The same file in another folder too: a hard link where the file system allows, else a copy. */
  private static void link(Path file, Path folder) throws IOException {
    link(file, folder, file.getFileName().toString());
  }

  /**
   * The same file in {@code folder} under {@code name}: a hard link where the file system allows,
   * else a copy.
   */
  static void link(Path file, Path folder, String name) throws IOException {
    Path target = folder.resolve(name);
    try {
      Files.createLink(target, file);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(file, target);
    }
  }

  /** One file with one web flow to each of {@code devices} distinct devices. */
  static Path devices(Path root, int devices) throws IOException {
    Path dir = root.resolve("devices-" + devices);
    if (!isComplete(dir)) {
      reset(dir);
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("devices.json"))) {
        for (int i = 1; i <= devices; i++) {
          out.write(webFlowLine(String.format("bench-device-%07d", i)));
          out.write('\n');
        }
      }
      markComplete(dir);
    }
    return dir;
  }

  /** The names of the files of a data set, in replay order. */
  static List<String> fileNames(Path dir) throws IOException {
    return InputFiles.at(dir, Integer.MAX_VALUE).files().stream()
        .map(InputFiles::batchName)
        .toList();
  }

  private static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(COMPLETE));
  }

  private static void markComplete(Path dir) throws IOException {
    Files.writeString(dir.resolve(COMPLETE), "complete\n");
  }

  private static void reset(Path dir) throws IOException {
    delete(dir);
    Files.createDirectories(dir);
  }

  /** Deletes {@code dir} and everything in it, when it exists. */
  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder())
            .forEach(
                path -> {
                  try {
                    Files.delete(path);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
