package io.flowrank.streams.topology;

import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.core.binary.Varints;
import io.flowrank.core.evidence.Tally;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The value of a record of the repartition topic: the web flows of one frame to the devices of one
 * partition of {@code webserver-counts}, summed per device with their distinct clients ({@link
 * Tally}), all time and per window of data time ({@link WindowTallies}). The record is keyed by the
 * first of those devices, so it travels to the partition that holds all of them ({@link
 * DevicePartitioner}).
 *
 * <p>Why one record per frame and partition rather than per device: the LANL devices are many and
 * spread, so a frame of a thousand lines names nearly as many devices as it has web flows, and
 * every Kafka record costs the streams app and the broker more than the sums it carries (README
 * "Performance").
 *
 * <p>Encoding: the version byte, then per device: its name and its sums (count, answered, bytes out
 * and in as high and low varints each, the ports as how many then port and flows, first and last
 * seen plus one with 0 for none, the clients as how many then each name), then its windows: how
 * many, then each start and either 1 (its sums are the device's: every flow in that window, the
 * common case) or 0 and its own sums. Names are length-prefixed UTF-8. Version 1, before windows,
 * had no window part: its flows count in all time only.
 *
 * <p>Since version 3 the devices follow a header: the partition of {@code flows} the frame came
 * from, the start of the earliest window still open after the frame plus one (0: unbounded, for a
 * frame without a watermark or the end of a replay), and the partition of {@code webserver-counts}
 * the record goes to. A record with the header alone (keyed by the empty name, which no device has)
 * tells that partition how far a partition of {@code flows} has come when the frame had no web flow
 * for it ({@link Progress}). Versions 1 and 2 read as unbounded progress of no partition.
 */
final class EvidenceBatch {

  static final int VERSION = 3;

  private static final int BEFORE_WINDOWS = 1;
  private static final int BEFORE_PROGRESS = 2;
  // The key of a record that carries progress alone: no device has an empty name.
  static final String PROGRESS_KEY = "";

  /**
   * How far a partition of {@code flows} has come, as the classifier saw it after a frame: every
   * later frame of that partition comes with a watermark at which every window before {@code
   * firstOpen} is closed ({@code Windowing#firstOpen}), so any line of it in such a window is late.
   *
   * @param source the partition of {@code flows}, or -1 when not known (an older record)
   * @param firstOpen the start of the earliest window still open after the frame, or {@link
   *     #UNBOUNDED} (no watermark: its lines are never late; or the end of a replay)
   */
  record Progress(int source, long firstOpen) {
    static final long UNBOUNDED = Long.MAX_VALUE;
    static final Progress NONE = new Progress(-1, UNBOUNDED);
  }

  /**
   * The repartition's partitioner: a record with devices goes to their partition ({@link
   * DevicePartitioner}, by its key, the first device), one with progress alone to the partition it
   * names.
   */
  static org.apache.kafka.streams.processor.StreamPartitioner<String, byte[]> partitioner() {
    return (topic, key, batch, partitions) -> {
      if (!PROGRESS_KEY.equals(key)) {
        return java.util.Optional.of(
            java.util.Set.of(DevicePartitioner.partitionOf(key, partitions)));
      }
      Varints.Reader in = new Varints.Reader(batch, "an evidence batch");
      in.readByte();
      in.readVarint();
      in.readVarint();
      return java.util.Optional.of(java.util.Set.of((int) in.readVarint() % partitions));
    };
  }

  private static final int SAME_AS_DEVICE = 1;
  private static final int OWN_SUMS = 0;

  private EvidenceBatch() {}

  /**
   * Receives each device of a batch with the numbers of its name and its clients' in the reader's
   * {@link NameTable}: the device's all-time sums in {@code tally} (its clients not in it, but in
   * {@code clients}), and per window, in objects reused for the next device.
   */
  interface Visitor {
    void device(String dstdevice, int number, Tally tally, Clients clients, WindowTallies windows);
  }

  /**
   * A device's distinct clients in a batch: each one's number ({@link NameTable}), and its name and
   * its pair's key ({@link ClientPairs#key}) made only when asked: most clients met are known pairs
   * of the device, which need neither.
   */
  static final class Clients {
    private byte[] batch;
    private int deviceAt;
    private int deviceLength;
    private int[] numbers = new int[16];
    // Where each client's UTF-8 bytes are in the batch, and how many.
    private int[] at = new int[16];
    private int[] lengths = new int[16];
    private int size;

    int size() {
      return size;
    }

    /** The number of the {@code i}-th client, or {@link NameTable#NOT_HELD}. */
    int number(int i) {
      return numbers[i];
    }

    String name(int i) {
      return new String(batch, at[i], lengths[i], StandardCharsets.UTF_8);
    }

    /** The key of the device's pair with the {@code i}-th client, as {@link ClientPairs#key}. */
    Bytes pairKey(int i) {
      return ClientPairs.key(batch, deviceAt, deviceLength, batch, at[i], lengths[i]);
    }

    private void device(byte[] batch, int at, int length) {
      this.batch = batch;
      this.deviceAt = at;
      this.deviceLength = length;
      size = 0;
    }

    private void add(int number, int at, int length) {
      if (size == numbers.length) {
        numbers = Arrays.copyOf(numbers, size * 2);
        this.at = Arrays.copyOf(this.at, size * 2);
        lengths = Arrays.copyOf(lengths, size * 2);
      }
      numbers[size] = number;
      this.at[size] = at;
      lengths[size++] = length;
    }
  }

  /**
   * Hands each device of {@code batch} to {@code visitor}, in order, its names from {@code names}.
   */
  static Progress forEach(byte[] batch, NameTable names, Visitor visitor) {
    Varints.Reader in = new Varints.Reader(batch, "an evidence batch");
    int version = in.readByte();
    if (version != VERSION && version != BEFORE_PROGRESS && version != BEFORE_WINDOWS) {
      throw new IllegalArgumentException("an evidence batch of unknown version " + version);
    }
    Progress progress = Progress.NONE;
    if (version == VERSION) {
      int source = (int) in.readVarint();
      long firstOpen = in.readVarint() - 1;
      in.readVarint(); // the partition it was sent to: this one
      progress = new Progress(source, firstOpen < 0 ? Progress.UNBOUNDED : firstOpen);
    }
    Tally tally = new Tally();
    Clients clients = new Clients();
    WindowTallies windows = new WindowTallies(new ArrayDeque<>());
    while (in.hasMore()) {
      tally.clear();
      windows.clear();
      int number = in.readNameNumber(names);
      String device =
          new String(batch, in.lastName(), in.lastNameLength(), StandardCharsets.UTF_8);
      clients.device(batch, in.lastName(), in.lastNameLength());
      readSums(in, tally);
      for (long n = in.readVarint(); n > 0; n--) {
        int client = in.readNameNumber(names);
        clients.add(client, in.lastName(), in.lastNameLength());
      }
      if (version != BEFORE_WINDOWS) {
        for (long n = in.readVarint(); n > 0; n--) {
          long start = in.readVarint();
          if (in.readByte() == SAME_AS_DEVICE) {
            windows.share(start, tally);
          } else {
            Tally window = windows.at(start);
            readSums(in, window);
            for (long c = in.readVarint(); c > 0; c--) {
              window.addClient(in.readString());
            }
          }
        }
      }
      visitor.device(device, number, tally, clients, windows);
    }
    return progress;
  }

  /** The sums before the clients (whose count and names follow). */
  private static void readSums(Varints.Reader in, Tally tally) {
    long count = in.readVarint();
    long answered = in.readVarint();
    long outHigh = in.readVarint();
    long outLow = in.readVarint();
    long inHigh = in.readVarint();
    long inLow = in.readVarint();
    tally.addSums(count, answered, outHigh, outLow, inHigh, inLow);
    for (long ports = in.readVarint(); ports > 0; ports--) {
      int port = (int) in.readVarint();
      tally.addPort(port, in.readVarint());
    }
    long first = in.readVarint() - 1;
    long last = in.readVarint() - 1;
    tally.seen(first, last);
  }

  /** Builds the batch of one partition, reused frame after frame. */
  static final class Builder {
    private final Varints.Writer out = new Varints.Writer(512);
    private final Consumer<String> writeClient = out::writeString;
    private final int target;
    private String first;
    private int source;
    private long firstOpen = Progress.UNBOUNDED;

    /**
     * @param target the partition of {@code webserver-counts} the batches go to
     */
    Builder(int target) {
      this.target = target;
    }

    /** The progress the next batch carries: set before its first device. */
    void progress(int source, long firstOpen) {
      this.source = source;
      this.firstOpen = firstOpen;
    }

    /** A batch of the progress alone (keyed {@link #PROGRESS_KEY}); the builder stays empty. */
    byte[] progressOnly() {
      writeHeader();
      return out.take();
    }

    private void writeHeader() {
      out.writeByte(VERSION);
      out.writeVarint(source);
      out.writeVarint(firstOpen == Progress.UNBOUNDED ? 0 : firstOpen + 1);
      out.writeVarint(target);
    }

    boolean isEmpty() {
      return first == null;
    }

    /** The device the batch is keyed by: its first. */
    String first() {
      return first;
    }

    /** Adds a device; {@code name} is its UTF-8 bytes. */
    void add(String dstdevice, byte[] name, Tally tally, WindowTallies windows) {
      if (first == null) {
        first = dstdevice;
        writeHeader();
      }
      out.writeString(name);
      writeSums(tally);
      out.writeVarint(windows.size());
      for (int i = 0; i < windows.size(); i++) {
        out.writeVarint(windows.start(i));
        Tally window = windows.tally(i);
        // Every flow of the device in this one window: its sums are the device's, clients too.
        if (window.count() == tally.count()) {
          out.writeByte(SAME_AS_DEVICE);
        } else {
          out.writeByte(OWN_SUMS);
          writeSums(window);
        }
      }
    }

    private void writeSums(Tally tally) {
      out.writeVarint(tally.count());
      out.writeVarint(tally.answered());
      out.writeVarint(tally.bytesOutHigh());
      out.writeVarint(tally.bytesOutLow());
      out.writeVarint(tally.bytesInHigh());
      out.writeVarint(tally.bytesInLow());
      out.writeVarint(tally.portsSize());
      for (int i = 0; i < tally.portsSize(); i++) {
        out.writeVarint(tally.port(i));
        out.writeVarint(tally.portCount(i));
      }
      out.writeVarint(tally.firstSeen() + 1);
      out.writeVarint(tally.lastSeen() + 1);
      out.writeVarint(tally.clientCount());
      tally.forEachClient(writeClient);
    }

    /** The batch's bytes; the builder is empty afterwards. */
    byte[] take() {
      first = null;
      return out.take();
    }
  }
}
