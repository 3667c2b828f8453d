package io.flowrank.streams.query;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What one instance answers about some of the partitions it holds: this instance from its own
 * stores ({@link LocalStores}), another one through its internal API ({@code
 * peers.RemoteInstances}, served by {@code peers.InternalRoutes}). {@link QueryService} asks each
 * partition's holder and merges. A partition the instance cannot serve now is a {@link
 * NotReadyException}, never a smaller answer.
 */
public interface PartitionQueries {

  /**
   * The first {@code n} devices of these partitions by {@code by}, with the web flows and the
   * measure's total over every device of them.
   */
  TopPart top(int n, Measure by, List<Integer> partitions, boolean stale);

  /**
   * How many devices of these partitions rank above {@code dstdevice} whose measure {@code by} is
   * {@code score} (a larger one, or as large and a smaller name), with their web flows and the
   * measure's total.
   */
  Above above(String dstdevice, Measure by, long score, List<Integer> partitions, boolean stale);

  /** A device's evidence in the partition that holds its key; empty when it was never seen. */
  Optional<Evidence> evidence(String dstdevice, int partition, boolean stale);

  /** The flow statistics of these partitions of {@code flows}. */
  StreamStats stats(List<Integer> partitions, boolean stale);

  /**
   * Every device's evidence of these partitions, made sure of now (fails now when one cannot be
   * read) and written later: an NDJSON answer checks every part before its first byte.
   */
  Counts counts(List<Integer> partitions, boolean stale);

  /**
   * The windows of data time these partitions hold (docs/design.md, "Time"), each with their web
   * flows and the largest time among them there; oldest first.
   */
  List<WindowPart> windows(List<Integer> partitions, boolean stale);

  /** {@link #top} over the evidence of one window, the one starting at {@code window}. */
  TopPart windowTop(int n, Measure by, long window, List<Integer> partitions, boolean stale);

  /** {@link #counts} of one window, the one starting at {@code window}. */
  Counts windowCounts(long window, List<Integer> partitions, boolean stale);

  /** A device's evidence per window, in the partition that holds its key; oldest first. */
  List<WindowEvidence> timeline(String dstdevice, int partition, boolean stale);

  /** The newest {@code limit} events of these partitions' devices, newest first ({@link #NEWEST}). */
  List<ServerEvent> events(int limit, List<Integer> partitions, boolean stale);

  /** The order of {@code /api/events}: the latest window first, then by dstdevice. */
  Comparator<ServerEvent> NEWEST =
      Comparator.comparingLong(ServerEvent::window)
          .reversed()
          .thenComparing(ServerEvent::dstdevice);

  /** What some partitions counted in one window: their web flows and the largest time there. */
  record WindowPart(long start, long webFlows, long lastSeen) {}

  /** A device's evidence in the window starting at {@code start}. */
  record WindowEvidence(long start, DeviceAnswer evidence) {}

  /**
   * The first devices of some partitions (each with its evidence, ports without flows left out),
   * the web flows counted in them, and the ranking measure's total there.
   */
  record TopPart(List<DeviceAnswer> devices, long webFlows, BigInteger total) {}

  /** How many devices of some partitions rank above a probe, their web flows and measure total. */
  record Above(long above, long webFlows, BigInteger total) {}

  /** Counts ready to be written; closing releases what was opened for them. */
  interface Counts extends Closeable {
    void writeTo(CountsSink sink) throws IOException;
  }

  /** Where counts go: one device at a time, or NDJSON lines already written by another instance. */
  interface CountsSink {
    void accept(String dstdevice, Evidence evidence);

    void copy(InputStream ndjson) throws IOException;
  }
}
