package io.flowrank.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * The answer of {@code GET /api/devices/{dstdevice}?rank=true[&by=measure]}: the device's place in
 * {@code /api/top}'s order by that measure over every instance, its share of the measure, and its
 * evidence. A device never seen is {@code found} false with a count of 0 and nothing else (a 200: a
 * search box asks for names that may not exist).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceRankAnswer(
    String dstdevice,
    boolean found,
    long count,
    @JsonSetter(nulls = Nulls.SET) Long rank,
    @JsonSetter(nulls = Nulls.SET) Long webFlows,
    @JsonSetter(nulls = Nulls.SET) Double share,
    @JsonSetter(nulls = Nulls.SET) String by,
    @JsonSetter(nulls = Nulls.SET) DeviceAnswer evidence) {

  public static DeviceRankAnswer notFound(String dstdevice) {
    return new DeviceRankAnswer(dstdevice, false, 0, null, null, null, null, null);
  }
}
