package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live rankings of one partition, one per {@link Measure}, kept together: each update of a
 * device's evidence goes to every one of them. Written by the partition's stream thread, read by
 * HTTP threads (see {@link MeasureRanking}).
 */
public final class DeviceRankings {

  private final Map<Measure, MeasureRanking> byMeasure = new EnumMap<>(Measure.class);

  /** Rankings that answer a top-N exactly up to {@code capacity}. */
  public DeviceRankings(int capacity) {
    for (Measure measure : Measure.values()) {
      byMeasure.put(measure, new MeasureRanking(measure, capacity));
    }
  }

  /** The device's evidence is now {@code now}; it was {@code before} ({@link Evidence#NONE}: new). */
  public void put(String dstdevice, Evidence now, Evidence before) {
    for (MeasureRanking ranking : byMeasure.values()) {
      ranking.put(dstdevice, now, before);
    }
  }

  public MeasureRanking by(Measure measure) {
    return byMeasure.get(measure);
  }

  /**
   * The device's evidence when a ranking keeps it: the counter then need not read its store. The
   * count's ranking is asked first, as the devices that get most updates are kept there.
   */
  public Optional<Evidence> evidenceOf(String dstdevice) {
    for (MeasureRanking ranking : byMeasure.values()) {
      Optional<Evidence> kept = ranking.evidenceOf(dstdevice);
      if (kept.isPresent()) {
        return kept;
      }
    }
    return Optional.empty();
  }

  /** The web flows of the partition: every device's count, summed. */
  public long webFlows() {
    return by(Measure.COUNT).total().low();
  }
}
