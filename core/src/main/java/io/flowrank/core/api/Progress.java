package io.flowrank.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/progress} (DESIGN §3): written by the streams app, read by the
 * verifier, the demo and the bench. Reading ignores unknown fields so the app may add some; the
 * known ones must have their documented types.
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
 * @param batchesCommitted batches committed (a file of up to {@code --rows-per-batch} lines is one)
 * @param caughtUp every input partition consumed and committed up to its end
 * @param recordsPerSecond records read per second by the stream over the last seconds
 * @param unserved the partitions of the counts no instance answers for now (README "Recovery");
 *     absent from answers before issue 13: none
 * @param incomplete web flows per numeric field (time, dstpackets, srcbytes, dstbytes) they lack:
 *     they add nothing to the measures that need it (docs/design.md §1.5); absent: none
 */
public record Progress(
    String state,
    long records,
    long webFlows,
    long rejected,
    Map<String, Long> rejectedByReason,
    Map<String, Long> lag,
    long filesCommitted,
    long batchesCommitted,
    boolean caughtUp,
    double recordsPerSecond,
    List<Unserved> unserved,
    Map<String, Long> incomplete) {

  public Progress {
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

  /**
   * Reads an answer.
   *
   * @throws IllegalArgumentException naming the field when the answer is not a progress object
   */
  public static Progress fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode state = json.get("state");
    if (state == null || !state.isTextual()) {
      throw new IllegalArgumentException("\"state\" is missing or not a string");
    }
    JsonNode caughtUp = json.get("caughtUp");
    if (caughtUp == null || !caughtUp.isBoolean()) {
      throw new IllegalArgumentException("\"caughtUp\" is missing or not a boolean");
    }
    long files = count(json, "filesCommitted");
    JsonNode batches = json.get("batchesCommitted");
    JsonNode rate = json.get("recordsPerSecond");
    return new Progress(
        state.asText(),
        count(json, "records"),
        count(json, "webFlows"),
        count(json, "rejected"),
        counts(json, "rejectedByReason"),
        counts(json, "lag"),
        files,
        // Absent from answers of versions before batches: every file was one batch then.
        batches == null ? files : count(json, "batchesCommitted"),
        caughtUp.booleanValue(),
        rate != null && rate.isNumber() ? rate.doubleValue() : 0,
        unserved(json.get("unserved")),
        counts(json, "incomplete"));
  }

  /** The unserved partitions; absent or null means none. */
  private static List<Unserved> unserved(JsonNode value) {
    List<Unserved> result = new ArrayList<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("\"unserved\" is not an array");
    }
    for (JsonNode u : value) {
      if (!u.path("partition").canConvertToInt() || !u.path("reason").isTextual()) {
        throw new IllegalArgumentException("\"unserved\" holds " + u + ": no partition or reason");
      }
      result.add(
          new Unserved(
              u.path("partition").intValue(),
              u.path("sinceMillis").asLong(),
              u.path("since").asText(),
              u.path("forMillis").asLong(),
              u.path("reason").asText()));
    }
    return result;
  }

  private static long count(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null
        || !value.canConvertToLong()
        || !value.isIntegralNumber()
        || value.longValue() < 0) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a count");
    }
    return value.longValue();
  }

  /** An object of counts; absent or null means none. */
  private static Map<String, Long> counts(JsonNode json, String field) {
    JsonNode value = json.get(field);
    Map<String, Long> result = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException("\"" + field + "\" is not an object");
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode n = entry.getValue();
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw new IllegalArgumentException(
            "\"" + field + "\"." + entry.getKey() + " is not an integer");
      }
      result.put(entry.getKey(), n.longValue());
    }
    return result;
  }
}
