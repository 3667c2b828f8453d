package io.flowrank.peer;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.WebPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every system must find: flowrank's batch count of the folder (the verifier's, same readers
 * and rules), computed once per benchmark and kept in a file.
 *
 * @param files files read
 * @param records records read (blank lines are not records)
 * @param webFlows web flows counted
 * @param counts web flows per dstdevice
 */
record Truth(int files, long records, long webFlows, Map<String, Long> counts) {

  static Truth count(Path folder) throws IOException {
    BatchCount batch =
        new BatchCounter(new FlowLineParser(WebPorts.DEFAULT))
            .count(InputFiles.at(folder, Limits.DEFAULT_MAX_RECORD_BYTES));
    return new Truth(batch.files(), batch.records(), batch.webFlows(), batch.counts());
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    RunResult.JSON.writeValue(file.toFile(), this);
  }

  static Truth read(Path file) throws IOException {
    return RunResult.JSON.readValue(file.toFile(), Truth.class);
  }
}
