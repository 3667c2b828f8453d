package io.flowrank.streams.topology;

import io.flowrank.core.evidence.Tally;
import java.nio.charset.StandardCharsets;

/**
 * The value of a record of the repartition topic: the web flows of one frame to the devices of one
 * partition of {@code webserver-counts}, summed per device with their distinct clients ({@link
 * Tally}). The record is keyed by the first of those devices, so it travels to the partition that
 * holds all of them ({@link DevicePartitioner}).
 *
 * <p>Why one record per frame and partition rather than per device: the LANL devices are many and
 * spread, so a frame of a thousand lines names nearly as many devices as it has web flows, and
 * every Kafka record costs the streams app and the broker more than the sums it carries (README
 * "Performance").
 *
 * <p>Encoding: the version byte, then per device: its name, count, answered, bytes out and in
 * (high and low varints each), the ports (how many, then port and flows), first and last seen plus
 * one (0: none), and the clients (how many, then each name). Names are length-prefixed UTF-8.
 */
final class EvidenceBatch {

  static final int VERSION = 1;

  private EvidenceBatch() {}

  /** Receives each device of a batch, its sums and clients in a tally reused for the next one. */
  interface Visitor {
    void device(String dstdevice, Tally tally);
  }

  /** Hands each device of {@code batch} to {@code visitor}, in order. */
  static void forEach(byte[] batch, Visitor visitor) {
    Varints.Reader in = new Varints.Reader(batch, "an evidence batch");
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("an evidence batch of unknown version " + version);
    }
    Tally tally = new Tally();
    while (in.hasMore()) {
      tally.clear();
      String device = in.readString();
      long count = in.readVarint();
      long answered = in.readVarint();
      tally.addSums(count, answered, EvidenceFormat.readTotal(in), EvidenceFormat.readTotal(in));
      for (long ports = in.readVarint(); ports > 0; ports--) {
        int port = (int) in.readVarint();
        tally.addPort(port, in.readVarint());
      }
      long first = in.readVarint() - 1;
      long last = in.readVarint() - 1;
      tally.seen(first, last);
      for (long clients = in.readVarint(); clients > 0; clients--) {
        tally.addClient(in.readString());
      }
      visitor.device(device, tally);
    }
  }

  /** Builds the batch of one partition, reused frame after frame. */
  static final class Builder {
    private final Varints.Writer out = new Varints.Writer(512);
    private String first;

    boolean isEmpty() {
      return first == null;
    }

    /** The device the batch is keyed by: its first. */
    String first() {
      return first;
    }

    /** Adds a device; {@code name} is its UTF-8 bytes. */
    void add(String dstdevice, byte[] name, Tally tally) {
      if (first == null) {
        first = dstdevice;
        out.writeByte(VERSION);
      }
      out.writeString(name);
      out.writeVarint(tally.count());
      out.writeVarint(tally.answered());
      EvidenceFormat.writeTotal(out, tally.bytesOut());
      EvidenceFormat.writeTotal(out, tally.bytesIn());
      out.writeVarint(tally.portsSize());
      for (int i = 0; i < tally.portsSize(); i++) {
        out.writeVarint(tally.port(i));
        out.writeVarint(tally.portCount(i));
      }
      out.writeVarint(tally.firstSeen() + 1);
      out.writeVarint(tally.lastSeen() + 1);
      out.writeVarint(tally.clientCount());
      for (String client : tally.clients()) {
        out.writeString(client.getBytes(StandardCharsets.UTF_8));
      }
    }

    /** The batch's bytes; the builder is empty afterwards. */
    byte[] take() {
      first = null;
      return out.take();
    }
  }
}
