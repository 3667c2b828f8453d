package io.flowrank.streams.topology;

import io.flowrank.core.ranking.DeviceRankings;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live rankings ({@link DeviceRankings}, one per measure) of each partition of {@code
 * webserver-counts} this instance processes, so a top-N query reads N entries per partition instead
 * of every device. Written by the stream
 * threads (a task publishes its ranking once it is filled from the store, and withdraws it when it
 * closes), read by the HTTP threads. A partition without a ranking here is read from its store.
 */
public final class Rankings {

  /** The largest N a ranking answers exactly: the largest {@code n} of {@code /api/top}. */
  public static final int CAPACITY = 10_000;

  private final ConcurrentMap<Integer, DeviceRankings> byPartition = new ConcurrentHashMap<>();

  /** The ranking of a partition whose task runs here, or empty. */
  public Optional<DeviceRankings> of(int partition) {
    return Optional.ofNullable(byPartition.get(partition));
  }

  void publish(int partition, DeviceRankings ranking) {
    byPartition.put(partition, ranking);
  }

  void withdraw(int partition, DeviceRankings ranking) {
    byPartition.remove(partition, ranking);
  }
}
