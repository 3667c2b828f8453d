package io.flowrank.core.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * The answer of {@code GET /api/cluster}: who serves which partition of the counts now. Never a
 * 503: a dashboard reads it to learn whether the stores can answer ({@code state} is {@code
 * NOT_STARTED}, with no instances, before Kafka Streams starts).
 */
public record ClusterAnswer(
    String applicationId,
    String state,
    List<Integer> ports,
    String store,
    Coverage partitions,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<Progress.Unserved> unserved,
    List<Instance> instances) {

  public ClusterAnswer {
    ports = List.copyOf(ports);
    unserved = unserved == null ? List.of() : List.copyOf(unserved);
    instances = List.copyOf(instances);
  }

  /** One instance of the application and the partitions it holds, active and standby. */
  public record Instance(String host, boolean self, List<Integer> active, List<Integer> standby) {}
}
