package io.flowrank.core.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.Wire;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of flowrank (docs/design.md §3.1), each declared once with its serdes. Names are fixed by the
 * contract; tests and tools that need other names construct their own {@link Topic}.
 */
public final class Topics {

  /** Input: value = one raw record line, UTF-8; keys are not used. */
  public static final Topic<byte[], byte[]> FLOWS =
      new Topic<>("flows", Serdes.ByteArray(), Serdes.ByteArray());

  /** Rejected records: value = the raw bytes; reason and source in headers (see {@link FlowHeaders}). */
  public static final Topic<byte[], byte[]> FLOWS_REJECTED =
      new Topic<>("flows-rejected", Serdes.ByteArray(), Serdes.ByteArray());

  /** One record per committed file, key = file name, value = {@link ReplayLogEntry} JSON. Compacted. */
  public static final Topic<String, String> REPLAY_LOG =
      new Topic<>("flowrank-replay-log", Serdes.String(), Serdes.String());

  /**
   * One record per device that became a web server (docs/design.md, "Time"), key = dstdevice,
   * value = {@link ServerEvent} JSON; written exactly once by the streams app.
   */
  public static final Topic<String, ServerEvent> WEBSERVER_EVENTS =
      new Topic<>("webserver-events", Serdes.String(), json(ServerEvent.class));

  private Topics() {}

  /** Values as the JSON of the API's records ({@link Wire}). */
  private static <T> Serde<T> json(Class<T> type) {
    return Serdes.serdeFrom(
        (topic, value) -> {
          try {
            return value == null ? null : Wire.JSON.writeValueAsBytes(value);
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + type.getSimpleName(), e);
          }
        },
        (topic, bytes) -> bytes == null ? null : Wire.read(bytes, type));
  }

  /** A topic name with the serdes of its keys and values. */
  public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
}
