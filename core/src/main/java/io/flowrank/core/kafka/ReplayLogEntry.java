package io.flowrank.core.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.rules.RejectReason;
import java.util.Map;

/**
 * The record of one committed file in {@code flowrank-replay-log}, written in the same transaction
 * as the file's lines.
 *
 * @param file the batch name (the key of the record)
 * @param records the lines sent to {@code flows} (blank lines aside)
 * @param frames the Kafka records that carried them ({@code FlowFrame}); 0 in entries written before
 *     frames
 * @param bytes the file's size in bytes
 * @param sha256 the file's SHA-256, hex
 * @param rejected lines the producer itself rejected (too large for the broker), by reason
 */
public record ReplayLogEntry(
    String file, long records, long frames, long bytes, String sha256, Map<RejectReason, Long> rejected) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public ReplayLogEntry {
    rejected = rejected == null ? Map.of() : Map.copyOf(rejected);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a replay-log entry", e);
    }
  }

  /** Reads an entry; an entry that cannot be read is an error of the topic, not of the user. */
  public static ReplayLogEntry fromJson(String json) {
    try {
      return JSON.readValue(json, ReplayLogEntry.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable replay-log entry: " + e.getOriginalMessage(), e);
    }
  }
}
