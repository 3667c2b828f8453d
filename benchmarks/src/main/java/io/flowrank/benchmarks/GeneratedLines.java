package io.flowrank.benchmarks;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GeneratorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The lines of a generated data set, as the producer's reader reads them, for a benchmark. */
final class GeneratedLines {

  private GeneratedLines() {}

  /** Every line of {@code files} files of {@code rowsPerFile} lines (seed 42), in order. */
  static List<byte[]> of(int files, int rowsPerFile) throws IOException {
    Path dir = Files.createTempDirectory("flowrank-benchmark");
    List<byte[]> lines = new ArrayList<>();
    try {
      FlowGenerator.generate(dir, new GeneratorSettings(files, rowsPerFile, 42, 0.001, 5_000));
      InputFiles input = InputFiles.at(dir, 1 << 20);
      for (Path file : input.files()) {
        try (RecordReader reader = input.open(file)) {
          while (reader.next()) {
            lines.add(reader.copy());
          }
        }
      }
    } finally {
      delete(dir);
    }
    return lines;
  }

  /** Deletes a folder and everything in it. */
  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
