package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import java.util.Comparator;

/** A device and its evidence, as a ranking hands them out. */
public record RankedEvidence(String dstdevice, Evidence evidence) {

  /** The order of a ranking by {@code measure}: the measure descending, then dstdevice ascending. */
  public static Comparator<RankedEvidence> order(Measure measure) {
    return (a, b) -> {
      int byScore = Long.compare(measure.score(b.evidence), measure.score(a.evidence));
      return byScore != 0 ? byScore : a.dstdevice.compareTo(b.dstdevice);
    };
  }
}
