package io.flowrank.core.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/progress} (docs/design.md §4): written by the streams app, read by the
 * verifier, the demo and the bench with {@link Wire}. A bad answer (no state, a negative count) is
 * refused when read.
 *
 * @param state the Kafka Streams state, such as {@code RUNNING}
 * @param records records of the committed batches seen so far (blank lines are not records),
 *     including the lines the producer rejected itself
 * @param webFlows records counted as web flows
 * @param rejected rejected records
 * @param rejectedByReason rejected records per reason name; absent reasons mean zero
 * @param lag per input partition, records not yet committed by the app
 * @param filesCommitted input sources committed to their end (a file, or every batch of a longer
 *     one)
 * @param batchesCommitted batches committed (a file of up to {@code --rows-per-batch} lines is
 *     one); never fewer than {@code filesCommitted}, so an answer of a version before batches,
 *     without it, reads as one batch per file
 * @param caughtUp every input partition consumed and committed up to its end
 * @param recordsPerSecond records read per second by the stream over the last seconds; absent from
 *     older answers: 0
 * @param unserved the partitions of the counts no instance answers for now (README "Recovery");
 *     absent from answers before issue 13: none
 * @param incomplete web flows per numeric field (time, dstpackets, srcbytes, dstbytes) they lack:
 *     they add nothing to the measures that need it (docs/design.md §1.5); absent: none
 * @param late web flows that came after their window closed: counted in all time, in no window
 *     (docs/design.md, "Time"); 0 with windows off; absent from older answers: 0
 * @param untimed web flows without a valid {@code time}: counted in all time, in no window (the
 *     same as {@code incomplete.time}); absent from older answers: 0
 */
public record Progress(
    String state,
    long records,
    long webFlows,
    long rejected,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Long> rejectedByReason,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Long> lag,
    long filesCommitted,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long batchesCommitted,
    boolean caughtUp,
    @JsonSetter(nulls = Nulls.AS_EMPTY) double recordsPerSecond,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<Unserved> unserved,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Long> incomplete,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long late,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long untimed) {

  /**
   * @throws IllegalArgumentException naming the field when the state is missing or a count is
   *     negative
   */
  public Progress {
    if (state == null) {
      throw new IllegalArgumentException("\"state\" is missing or not a string");
    }
    requireCount("records", records);
    requireCount("webFlows", webFlows);
    requireCount("rejected", rejected);
    requireCount("filesCommitted", filesCommitted);
    requireCount("batchesCommitted", batchesCommitted);
    requireCount("late", late);
    requireCount("untimed", untimed);
    // Each file is one batch at least; answers from before batches have none (0): one per file.
    batchesCommitted = Math.max(batchesCommitted, filesCommitted);
    incomplete =
        incomplete == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(incomplete));
    rejectedByReason = Collections.unmodifiableMap(new LinkedHashMap<>(rejectedByReason));
    lag = Collections.unmodifiableMap(new LinkedHashMap<>(lag));
    unserved = unserved == null ? List.of() : List.copyOf(unserved);
  }

  /**
   * A partition no instance answers for: since when (epoch milliseconds, and ISO-8601), for how
   * long at the time of the answer, and why.
   */
  public record Unserved(
      int partition, long sinceMillis, String since, long forMillis, String reason) {}

  /** The records behind, over every partition. */
  public long totalLag() {
    return lag.values().stream().mapToLong(l -> Math.max(0, l)).sum();
  }

  private static void requireCount(String field, long value) {
    if (value < 0) {
      // The words of the verifier's message for any field that is not a count.
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a count");
    }
  }
}
