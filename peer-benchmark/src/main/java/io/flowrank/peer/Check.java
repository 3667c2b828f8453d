package io.flowrank.peer;

import io.flowrank.core.ranking.TopN;
import io.flowrank.verifier.Comparison;
import io.flowrank.verifier.TableRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A system's counts against the truth: every device's count must be equal (the verifier's {@link
 * Comparison}); prints both top-20 tables side by side, ranked the same way (count descending,
 * then dstdevice), and the verdict.
 */
final class Check {

  /** Rows of the tables, as the notebook shows. */
  static final int TOP = 20;

  private static final int MAX_DIFFERENCES = 10;

  private Check() {}

  /**
   * Compares, prints, and returns the run's result.
   *
   * @param detail what else the run tells, for the note; may be empty
   * @param agrees what else the run needs to be correct (flowrank: its producer and verifier exit
   *     codes), with what it said
   */
  static RunResult of(
      PeerSystem system,
      int round,
      double seconds,
      Truth truth,
      Counts result,
      String detail,
      Agreement agrees) {
    Map<String, Long> counts = result.counts();
    Comparison comparison = Comparison.of(truth.counts(), counts);
    List<String> lines =
        TableRenderer.sideBySide(
            "flowrank batch count (the truth)",
            TableRenderer.show(TopN.of(truth.counts(), TOP)),
            system.title() + ", round " + round,
            TableRenderer.show(TopN.of(counts, TOP)));
    lines.forEach(System.out::println);
    List<String> notes = new ArrayList<>();
    if (comparison.identical()) {
      notes.add(
          "identical: all "
              + TableRenderer.number(comparison.devices())
              + " devices have their true count ("
              + TableRenderer.number(comparison.batchTotal())
              + " web flows)");
    } else {
      notes.add(
          "DIFFERENT: "
              + TableRenderer.number(comparison.differences().size())
              + " of "
              + TableRenderer.number(comparison.devices())
              + " devices differ (truth "
              + TableRenderer.number(comparison.batchTotal())
              + " web flows, "
              + system.title()
              + " "
              + TableRenderer.number(comparison.streamTotal())
              + ")");
      for (Comparison.Difference d :
          comparison.differences().subList(
              0, Math.min(MAX_DIFFERENCES, comparison.differences().size()))) {
        System.out.println(
            "  "
                + d.dstdevice()
                + ": truth "
                + text(d.batch())
                + ", "
                + system.title()
                + " "
                + text(d.stream()));
      }
    }
    if (!detail.isEmpty()) {
      notes.add(detail);
    }
    if (result.nullDevice() > 0) {
      notes.add(
          "besides, "
              + TableRenderer.number(result.nullDevice())
              + " web flows under a null dstdevice (records without one: flowrank rejects them as"
              + " MISSING_DSTDEVICE)");
    }
    if (!agrees.agrees()) {
      notes.add(agrees.said());
    }
    String note = String.join("; ", notes);
    boolean correct = comparison.identical() && agrees.agrees();
    System.out.printf(
        "%s, round %d: %.2f s, %s%n",
        system.title(),
        round,
        seconds,
        correct ? note : "WRONG: " + note);
    return new RunResult(
        system,
        round,
        seconds,
        correct,
        counts.size(),
        comparison.streamTotal(),
        result.nullDevice(),
        note);
  }

  /**
   * What a run needs beyond equal counts.
   *
   * @param agrees it holds
   * @param said what failed, when it does not
   */
  record Agreement(boolean agrees, String said) {
    static final Agreement NOTHING_ELSE = new Agreement(true, "");
  }

  private static String text(java.util.OptionalLong count) {
    return count.isPresent() ? TableRenderer.number(count.getAsLong()) : "absent";
  }
}
