package io.flowrank.bench;

import java.util.OptionalDouble;

/**
 * What one replay cost, from the producer's launch to the moment the streams app is caught up (see
 * {@link ReplayMeter}). A CPU figure is absent, not 0, where it could not be measured.
 *
 * @param linesPerRecord the framing the producer was given ({@code --lines-per-record})
 * @param rows lines sent to {@code flows}: the replay log's {@code records} of the replayed files
 * @param records Kafka records sent to {@code flows}: the replay log's {@code frames} of those
 *     files
 * @param seconds wall time from the producer's launch to caught up
 * @param producerCpu CPU seconds of the producer over its whole life
 * @param brokerCpu CPU seconds of the broker over the replay
 * @param streamCpu CPU seconds of the streams app over the replay
 * @param machineCpu CPU seconds the whole machine was busy over the replay
 */
record ReplayCost(
    int linesPerRecord,
    long rows,
    long records,
    double seconds,
    OptionalDouble producerCpu,
    OptionalDouble brokerCpu,
    OptionalDouble streamCpu,
    OptionalDouble machineCpu) {

  double rowsPerSecond() {
    return rows / seconds;
  }

  double recordsPerSecond() {
    return records / seconds;
  }

  /** {@code cpuSeconds} per million rows; absent when it is, or when no row was sent. */
  OptionalDouble perMillionRows(OptionalDouble cpuSeconds) {
    if (cpuSeconds.isEmpty() || rows == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(cpuSeconds.getAsDouble() * 1e6 / rows);
  }

  /**
   * CPU microseconds per row of the producer, the broker and the streams app together; absent when
   * one of the three is.
   */
  OptionalDouble microsPerRow() {
    if (producerCpu.isEmpty() || brokerCpu.isEmpty() || streamCpu.isEmpty()) {
      return OptionalDouble.empty();
    }
    // Seconds per million rows are microseconds per row.
    return perMillionRows(
        OptionalDouble.of(
            producerCpu.getAsDouble() + brokerCpu.getAsDouble() + streamCpu.getAsDouble()));
  }
}
