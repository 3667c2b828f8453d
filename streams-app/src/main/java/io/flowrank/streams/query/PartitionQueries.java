package io.flowrank.streams.query;

import io.flowrank.core.ranking.DeviceCount;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one instance answers about some of the partitions it holds: this instance from its own
 * stores ({@link LocalStores}), another one through its internal API ({@code
 * peers.RemoteInstances}, served by {@code peers.InternalRoutes}). {@link QueryService} asks each
 * partition's holder and merges. A partition the instance cannot serve now is a {@link
 * NotReadyException}, never a smaller answer.
 */
public interface PartitionQueries {

  /** The first {@code n} devices of these partitions of the counts, and their web flows. */
  TopPart top(int n, List<Integer> partitions, boolean stale);

  /**
   * How many devices of these partitions rank above {@code dstdevice} with {@code count} flows
   * (more flows, or as many and a smaller name), and their web flows.
   */
  Above above(String dstdevice, long count, List<Integer> partitions, boolean stale);

  /** A device's count in the partition that holds its key; empty when it was never seen. */
  OptionalLong count(String dstdevice, int partition, boolean stale);

  /** The flow statistics of these partitions of {@code flows}. */
  StreamStats stats(List<Integer> partitions, boolean stale);

  /**
   * Every count of these partitions, made sure of now (fails now when one cannot be read) and
   * written later: an NDJSON answer checks every part before its first byte.
   */
  Counts counts(List<Integer> partitions, boolean stale);

  /** The first devices of some partitions, and the web flows counted in them. */
  record TopPart(List<DeviceCount> devices, long webFlows) {}

  /** How many devices of some partitions rank above a probe, and their web flows. */
  record Above(long above, long webFlows) {}

  /** Counts ready to be written; closing releases what was opened for them. */
  interface Counts extends Closeable {
    void writeTo(CountsSink sink) throws IOException;
  }

  /** Where counts go: one count at a time, or NDJSON lines already written by another instance. */
  interface CountsSink {
    void accept(DeviceCount count);

    void copy(InputStream ndjson) throws IOException;
  }
}
