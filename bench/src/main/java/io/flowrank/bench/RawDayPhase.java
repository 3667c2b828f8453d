package io.flowrank.bench;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.synthetic.OutputCompression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * (f) The raw LANL day file: the rows of (b) as one CSV file without header, as LANL publishes a
 * day ({@code netflow_day-03.gz}, {@code .bz2}), generated once next to the JSON files. For each
 * compression: the file read through the core reader on one thread (decompression and line
 * splitting alone, so the replay's rate can be set against it), then the whole pipeline as in
 * (b): a fresh broker and streams app, the producer's launch to caught up, its cost per process;
 * then the verifier over the same compressed file.
 */
final class RawDayPhase {

  /** Both compressions LANL-like data comes in, the cheap one first. */
  static final List<OutputCompression> COMPRESSIONS =
      List.of(OutputCompression.GZ, OutputCompression.BZ2);

  private final PhaseFigures figures;
  private final Children children;

  RawDayPhase(PhaseFigures figures, Children children) {
    this.figures = figures;
    this.children = children;
  }

  /** The phase's name in the report for one compression: {@code f raw day file, csv.bz2}. */
  static String phase(OutputCompression compression) {
    return "f raw day file, csv." + compression.cliName();
  }

  /** Reads {@code file} alone, then replays it into a fresh pipeline and verifies it. */
  void run(OutputCompression compression, Path file, Path runDir)
      throws IOException, InterruptedException {
    String phase = phase(compression);
    double readSeconds = read(phase, file);
    String name = InputFiles.batchName(file);
    PhaseFigures.log(
        "(f) %s: one file, %,d bytes, fresh broker and streams app", name, Files.size(file));
    try (Pipeline pipeline = Pipeline.start(runDir, children)) {
      ReplayCost cost =
          figures.replayAll(
              phase,
              pipeline,
              file,
              List.of(name),
              FlowFrame.DEFAULT_LINES_PER_RECORD,
              "throughput",
              OptionalDouble.empty());
      figures
          .report()
          .add(
              phase,
              "read alone, one thread / replay to caught up",
              readSeconds / cost.seconds(),
              "");
      figures.verify(pipeline, file, phase);
      figures.memory(phase, pipeline);
    }
  }

  /**
   * Reads every line of {@code file} through the reader the producer and the verifier use
   * (decompression and line splitting, no rules), on this thread; the time it took.
   */
  private double read(String phase, Path file) throws IOException {
    long lines = 0;
    long bytes = 0;
    long start = System.nanoTime();
    try (RecordReader reader =
        InputFiles.open(Files.newInputStream(file), Limits.DEFAULT_MAX_RECORD_BYTES)) {
      while (reader.next()) {
        lines++;
        bytes += reader.size() + 1; // its line end: the generator writes LF
      }
    }
    double seconds = PhaseFigures.seconds(start);
    figures
        .report()
        .add(phase, "file size", Files.size(file) / 1e6, "MB")
        .add(phase, "lines read alone, one thread", lines, "")
        .add(phase, "read alone, one thread (decompress, split lines)", seconds, "s")
        .add(phase, "read alone, one thread: lines per second", lines / seconds, "lines/s")
        .add(
            phase,
            "read alone, one thread: decompressed MB per second",
            bytes / 1e6 / seconds,
            "MB/s");
    return seconds;
  }
}
