package io.flowrank.streams.topology;

import io.flowrank.core.binary.Varints;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value formats of the evidence stores (docs/design.md §3.3), versioned, so a later version can
 * read an older value or refuse it by name.
 *
 * <p>{@code webserver-counts} ({@link DeviceCounts}), version 2: the byte {@code 'E'}, the version,
 * the evidence of all time, then the latest window's start plus one (0: none) and, with one, the
 * evidence there. Version 1, before windows, is the byte {@code 'E'}, 1, and the evidence alone: read
 * as a device in no window. An evidence is varints: count, answered, clients, bytes out (high,
 * low), bytes in (high, low), the number of ports and each (port, flows), first and last seen plus
 * one (0: no valid time). Version 0 is the count alone, the 8-byte big-endian long of flowrank
 * before evidence: it cannot say what the evidence of those flows was, so it is refused with {@link
 * IncompatibleStateException} rather than read as a device whose flows were all unanswered.
 *
 * <p>{@code webserver-window-counts}: an evidence in the version-1 layout.
 */
public final class EvidenceFormat {

  static final int MAGIC = 'E';
  static final int VERSION = 2;
  private static final int EVIDENCE_ONLY = 1;

  private EvidenceFormat() {}

  /** The values of {@code webserver-counts}. */
  public static Serde<DeviceCounts> countsSerde() {
    return Serdes.serdeFrom(COUNTS_SERIALIZER, COUNTS_DESERIALIZER);
  }

  /** The values of {@code webserver-window-counts}: one evidence. */
  public static Serde<Evidence> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final Serializer<Evidence> SERIALIZER = (topic, evidence) -> encode(evidence);
  private static final Deserializer<Evidence> DESERIALIZER = (topic, bytes) -> decode(bytes);
  private static final Serializer<DeviceCounts> COUNTS_SERIALIZER =
      (topic, counts) -> encode(counts);
  private static final Deserializer<DeviceCounts> COUNTS_DESERIALIZER =
      (topic, bytes) -> decodeCounts(bytes);

  static byte[] encode(Evidence evidence) {
    if (evidence == null) {
      return null;
    }
    Varints.Writer out = new Varints.Writer(32 + 8 * evidence.ports().size());
    out.writeByte(MAGIC);
    out.writeByte(EVIDENCE_ONLY);
    writeEvidence(out, evidence);
    return out.take();
  }

  static byte[] encode(DeviceCounts counts) {
    if (counts == null) {
      return null;
    }
    Varints.Writer out =
        new Varints.Writer(64 + 8 * (counts.allTime().ports().size() + counts.latest().ports().size()));
    out.writeByte(MAGIC);
    out.writeByte(VERSION);
    writeEvidence(out, counts.allTime());
    out.writeVarint(counts.latestWindow() + 1);
    if (counts.inWindow()) {
      writeEvidence(out, counts.latest());
    }
    return out.take();
  }

  static Evidence decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Varints.Reader in = open(bytes, "a webserver-window-counts value");
    int version = in.readByte();
    if (version != EVIDENCE_ONLY) {
      throw IncompatibleStateException.unknownFormat(MAGIC, version);
    }
    return readEvidence(in);
  }

  static DeviceCounts decodeCounts(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Varints.Reader in = open(bytes, "a webserver-counts value");
    int version = in.readByte();
    if (version != VERSION && version != EVIDENCE_ONLY) {
      throw IncompatibleStateException.unknownFormat(MAGIC, version);
    }
    Evidence allTime = readEvidence(in);
    if (version == EVIDENCE_ONLY) {
      return DeviceCounts.allTime(allTime);
    }
    long latestWindow = in.readVarint() - 1;
    return latestWindow == DeviceCounts.NO_WINDOW
        ? DeviceCounts.allTime(allTime)
        : new DeviceCounts(allTime, latestWindow, readEvidence(in));
  }

  /** The reader of a value past its magic byte; the count-only format of before is refused. */
  private static Varints.Reader open(byte[] bytes, String what) {
    if (bytes.length == Long.BYTES && bytes[0] == 0) {
      throw IncompatibleStateException.countsOnly();
    }
    Varints.Reader in = new Varints.Reader(bytes, what);
    int magic = in.readByte();
    if (magic != MAGIC) {
      throw IncompatibleStateException.unknownFormat(magic, bytes.length > 1 ? bytes[1] : -1);
    }
    return in;
  }

  private static void writeEvidence(Varints.Writer out, Evidence evidence) {
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
  }

  private static Evidence readEvidence(Varints.Reader in) {
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
