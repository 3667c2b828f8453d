package io.flowrank.streams.topology;

import io.flowrank.core.binary.Varints;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one partition counted in one window of data time, the value of {@code
 * webserver-window-totals}: its web flows and the largest {@code time} among them. Over every
 * partition, the largest of those times is the data time the stream has reached, which says which
 * windows are still open and which are still held. Encoding: version 1, then web flows and the
 * largest time as varints.
 *
 * @param webFlows the web flows counted in the window
 * @param lastSeen the largest time among them
 */
public record WindowTotal(long webFlows, long lastSeen) {

  static final int VERSION = 1;

  /** The one key of each window in the store: there is one entry per window and partition. */
  public static final String KEY = "";

  static final WindowTotal NONE = new WindowTotal(0, 0);

  WindowTotal plus(long flows, long time) {
    return new WindowTotal(webFlows + flows, Math.max(lastSeen, time));
  }

  public static Serde<WindowTotal> serde() {
    return Serdes.serdeFrom(
        (topic, total) -> {
          if (total == null) {
            return null;
          }
          Varints.Writer out = new Varints.Writer(12);
          out.writeByte(VERSION);
          out.writeVarint(total.webFlows);
          out.writeVarint(total.lastSeen);
          return out.take();
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          Varints.Reader in = new Varints.Reader(bytes, "a window total");
          int version = in.readByte();
          if (version != VERSION) {
            throw IncompatibleStateException.unknownFormat(Names.WINDOW_TOTALS_STORE, version);
          }
          return new WindowTotal(in.readVarint(), in.readVarint());
        });
  }
}
