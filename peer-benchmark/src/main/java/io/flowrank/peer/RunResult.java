package io.flowrank.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One system's run in one round, as each run writes it for the report (and prints it on a line of
 * its own, {@code peer-result {...}}).
 *
 * @param system what ran
 * @param round the round, from 1
 * @param seconds from the start of its work to its end (each system's clock: peer-benchmark/README)
 * @param correct its counts are the truth: every device's count equal to flowrank's batch count
 *     (flowrank: its own verifier said identical)
 * @param devices devices in its result
 * @param webFlows web flows in its result
 * @param nullDeviceWebFlows web flows Spark grouped under a null dstdevice (records without one,
 *     which flowrank rejects); 0 for flowrank
 * @param note what the check said, in words
 */
record RunResult(
    PeerSystem system,
    int round,
    double seconds,
    boolean correct,
    int devices,
    long webFlows,
    long nullDeviceWebFlows,
    String note) {

  static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Writes it to {@code file} and prints it on one line. */
  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
    ObjectWriter oneLine = JSON.writer().without(SerializationFeature.INDENT_OUTPUT);
    System.out.println("peer-result " + oneLine.writeValueAsString(this));
  }

  static RunResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunResult.class);
  }
}
