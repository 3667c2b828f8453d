package io.flowrank.streams.topology;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of {@code webserver-counts}: a device's {@link Evidence}, versioned, so a later
 * version can read an older value or refuse it by name (docs/design.md §3.3).
 *
 * <p>Version 1: the byte {@code 'E'}, the version, then varints: count, answered, clients, bytes out
 * (high, low), bytes in (high, low), the number of ports and each (port, flows), first and last seen
 * plus one (0: no valid time). Version 0 is the count alone, the 8-byte big-endian long of flowrank
 * before evidence: it cannot say what the evidence of those flows was, so it is refused with {@link
 * IncompatibleStateException} rather than read as a device whose flows were all unanswered.
 */
public final class EvidenceFormat {

  static final int MAGIC = 'E';
  static final int VERSION = 1;

  private EvidenceFormat() {}

  public static Serde<Evidence> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final Serializer<Evidence> SERIALIZER = (topic, evidence) -> encode(evidence);
  private static final Deserializer<Evidence> DESERIALIZER = (topic, bytes) -> decode(bytes);

  static byte[] encode(Evidence evidence) {
    if (evidence == null) {
      return null;
    }
    Varints.Writer out = new Varints.Writer(32 + 8 * evidence.ports().size());
    out.writeByte(MAGIC);
    out.writeByte(VERSION);
    out.writeVarint(evidence.count());
    out.writeVarint(evidence.answered());
    out.writeVarint(evidence.clients());
    writeTotal(out, evidence.bytesOut());
    writeTotal(out, evidence.bytesIn());
    PortCounts ports = evidence.ports();
    out.writeVarint(ports.size());
    for (int i = 0; i < ports.size(); i++) {
      out.writeVarint(ports.port(i));
      out.writeVarint(ports.count(i));
    }
    out.writeVarint(evidence.firstSeen() + 1);
    out.writeVarint(evidence.lastSeen() + 1);
    return out.take();
  }

  static Evidence decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length == Long.BYTES && bytes[0] == 0) {
      throw IncompatibleStateException.countsOnly();
    }
    Varints.Reader in = new Varints.Reader(bytes, "a webserver-counts value");
    int magic = in.readByte();
    int version = in.readByte();
    if (magic != MAGIC || version != VERSION) {
      throw IncompatibleStateException.unknownFormat(magic, version);
    }
    long count = in.readVarint();
    long answered = in.readVarint();
    long clients = in.readVarint();
    Total bytesOut = readTotal(in);
    Total bytesIn = readTotal(in);
    int ports = (int) in.readVarint();
    int[] portNumbers = new int[ports];
    long[] portCounts = new long[ports];
    for (int i = 0; i < ports; i++) {
      portNumbers[i] = (int) in.readVarint();
      portCounts[i] = in.readVarint();
    }
    long firstSeen = in.readVarint() - 1;
    long lastSeen = in.readVarint() - 1;
    return new Evidence(
        count,
        answered,
        clients,
        bytesOut,
        bytesIn,
        PortCounts.of(portNumbers, portCounts, ports),
        firstSeen,
        lastSeen);
  }

  static void writeTotal(Varints.Writer out, Total total) {
    out.writeVarint(total.high());
    out.writeVarint(total.low());
  }

  static Total readTotal(Varints.Reader in) {
    long high = in.readVarint();
    long low = in.readVarint();
    return high == 0 && low == 0 ? Total.ZERO : new Total(high, low);
  }
}
