package io.flowrank.core.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.rules.RejectReason;
import java.util.Map;

/**
 * The record of one committed batch in {@code flowrank-replay-log}, written in the same transaction
 * as the batch's lines. A file that fits in one batch is one entry keyed by its name; a longer one
 * (more lines than {@code --rows-per-batch}) is consecutive entries keyed {@code name#1},
 * {@code name#2}, ..., the last one marked {@code last}. Entries written before batches existed
 * have no {@code source} and stand for a whole file.
 *
 * @param file the batch name (the key of the record)
 * @param records the lines sent to {@code flows} (blank lines aside)
 * @param frames the Kafka records that carried them ({@code FlowFrame}); 0 in entries written before
 *     frames
 * @param bytes the bytes the batch sent to {@code flows}: its frames' values, one after the other
 *     (lines joined by line feeds); in entries written before batches, the file's size
 * @param sha256 the SHA-256 of those bytes, hex (of the file, in entries written before batches)
 * @param rejected lines the producer itself rejected (too large for the broker), by reason
 * @param source the file (or the {@code --name} of standard input) the batch comes from; null in
 *     entries written before batches
 * @param batch the batch's number in its source, from 1; 0 in entries written before batches
 * @param firstLine the first line of the source in the batch (elements for a JSON array)
 * @param lastLine the last line of the source in the batch
 * @param last true when the batch ends its source
 * @param sourceBytes the size of the source as found (compressed, as on disk) when known, else -1
 * @param watermark the data-time watermark after the batch: the largest valid {@code time} of the
 *     web flows of the replay up to its last line (docs/design.md, "Time"); a rerun resumes from
 *     the largest one committed; 0 in entries written before windows
 */
public record ReplayLogEntry(
    String file,
    long records,
    long frames,
    long bytes,
    String sha256,
    Map<RejectReason, Long> rejected,
    String source,
    int batch,
    long firstLine,
    long lastLine,
    boolean last,
    long sourceBytes,
    long watermark) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public ReplayLogEntry {
    rejected = rejected == null ? Map.of() : Map.copyOf(rejected);
  }

  /** An entry of the form written before batches: one whole file. */
  public ReplayLogEntry(
      String file,
      long records,
      long frames,
      long bytes,
      String sha256,
      Map<RejectReason, Long> rejected) {
    this(file, records, frames, bytes, sha256, rejected, null, 0, 0, 0, false, bytes, 0);
  }

  /** The key of batch {@code batch} of a source read in several batches. */
  public static String batchKey(String source, int batch) {
    return source + "#" + batch;
  }

  /** The source this entry belongs to: its own name for entries written before batches. */
  public String sourceName() {
    return source == null ? file : source;
  }

  /** True when the source has no line after this batch: a whole file, or its last batch. */
  public boolean endsSource() {
    return source == null || last;
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
