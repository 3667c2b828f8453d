package io.flowrank.it;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.synthetic.FlowGenerator;
import io.flowrank.core.synthetic.GeneratorSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The input of the scenarios and its ground truth: generated files (a fixed seed, so every run sees
 * the same lines) and the batch count of a folder with the rules of DESIGN §1.
 */
final class TestData {

  /** The acceptance data set: 10 files of 5,000 lines, one corrupt line in a hundred. */
  static final GeneratorSettings TEN_FILES =
      GeneratorSettings.defaults()
          .withFiles(10)
          .withRowsPerFile(5_000)
          .withSeed(20_170_303)
          .withCorruptRate(0.01);

  private TestData() {}

  /** Writes the files of {@code settings} into {@code dir} and returns it. */
  static Path generate(Path dir, GeneratorSettings settings) throws IOException {
    FlowGenerator.generate(dir, settings, false);
    return dir;
  }

  /** The batch count of every file in {@code data}: what the stream must end up with. */
  static BatchCount batchCount(Path data) throws IOException {
    return new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
        .count(InputFiles.at(data, Limits.DEFAULT_MAX_RECORD_BYTES));
  }
}
