package io.flowrank.verifier;

import io.flowrank.core.evidence.Measure;
import io.flowrank.core.ranking.RankedEvidence;
import java.util.stream.Collectors;
import io.flowrank.core.api.Progress;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.text.TerminalText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Renders the verifier's report as text: top-N tables in the style of Spark's {@code show()} (the
 * notebook's), two of them side by side, the summary lines of both sides and the verdict. Device
 * names come from the input: they are escaped ({@link TerminalText}). Pure functions, no I/O.
 */
public final class TableRenderer {

  /**
   * Table cells longer than this are cut to it, ending in "...", as Spark's {@code show()} does.
   */
  public static final int MAX_CELL = 20;

  /** Spaces between two tables side by side. */
  static final int GAP = 6;

  private static final Comparator<String> REASON_ORDER =
      Comparator.comparingInt(TableRenderer::reasonRank).thenComparing(Comparator.naturalOrder());

  private TableRenderer() {}

  /**
   * The rows as Spark's {@code show()} prints them: a {@code dstdevice | count} table, every column
   * as wide as its widest cell (at least 3), every cell right-aligned. The caller ranks the rows.
   */
  public static List<String> show(List<DeviceCount> rows) {
    List<String[]> cells = new ArrayList<>(rows.size());
    for (DeviceCount row : rows) {
      cells.add(new String[] {cell(row.dstdevice()), Long.toString(row.count())});
    }
    return table("count", cells);
  }

  /** The same with the devices' values of {@code by} (exact, however large). */
  public static List<String> show(Measure by, List<RankedEvidence> rows) {
    List<String[]> cells = new ArrayList<>(rows.size());
    for (RankedEvidence row : rows) {
      cells.add(
          new String[] {cell(row.dstdevice()), by.total(row.evidence()).toBigInteger().toString()});
    }
    return table(by.wireName(), cells);
  }

  private static List<String> table(String column, List<String[]> rows) {
    List<String[]> cells = new ArrayList<>(rows.size() + 1);
    cells.add(new String[] {"dstdevice", column});
    cells.addAll(rows);
    int[] widths = {3, 3};
    for (String[] line : cells) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], width(line[c]));
      }
    }
    String separator = "+" + "-".repeat(widths[0]) + "+" + "-".repeat(widths[1]) + "+";
    List<String> lines = new ArrayList<>(cells.size() + 3);
    lines.add(separator);
    for (int i = 0; i < cells.size(); i++) {
      String[] line = cells.get(i);
      lines.add("|" + padLeft(line[0], widths[0]) + "|" + padLeft(line[1], widths[1]) + "|");
      if (i == 0) {
        lines.add(separator);
      }
    }
    lines.add(separator);
    return lines;
  }

  /** Spark's note under a table that holds only the first rows. */
  public static String moreRows(int shown) {
    return "only showing top " + shown + (shown == 1 ? " row" : " rows");
  }

  /**
   * Two blocks of lines side by side, each under its title; the left block is padded to its widest
   * line (or title) plus a gap, and no line ends in spaces.
   */
  public static List<String> sideBySide(
      String leftTitle, List<String> left, String rightTitle, List<String> right) {
    List<String> leftLines = new ArrayList<>(left.size() + 1);
    leftLines.add(leftTitle);
    leftLines.addAll(left);
    List<String> rightLines = new ArrayList<>(right.size() + 1);
    rightLines.add(rightTitle);
    rightLines.addAll(right);
    int leftWidth = 0;
    for (String line : leftLines) {
      leftWidth = Math.max(leftWidth, width(line));
    }
    int height = Math.max(leftLines.size(), rightLines.size());
    List<String> lines = new ArrayList<>(height);
    for (int i = 0; i < height; i++) {
      String l = i < leftLines.size() ? leftLines.get(i) : "";
      String r = i < rightLines.size() ? rightLines.get(i) : "";
      String line = r.isEmpty() ? l : padRight(l, leftWidth + GAP) + r;
      lines.add(line.stripTrailing());
    }
    return lines;
  }

  /**
   * {@code batch: 50 files, 500,000 records, 99,123 web flows to ports 80,443 over 4,321 devices,
   * ...}.
   */
  public static String batchLine(BatchCount batch, WebPorts ports) {
    Map<String, Long> rejected = new LinkedHashMap<>();
    batch.rejected().forEach((reason, n) -> rejected.put(reason.name(), n));
    return "batch: "
        + plural(batch.files(), "file")
        + ", "
        + plural(batch.records(), "record")
        + ", "
        + plural(batch.webFlows(), "web flow")
        + " to ports "
        + ports
        + " over "
        + plural(batch.counts().size(), "device")
        + ", "
        + rejected(batch.rejectedTotal(), rejected);
  }

  /**
   * {@code stream: caught up, 50 files committed, 99,123 web flows over 4,321 devices, ...}: the
   * progress figures, and the totals of the counts the comparison used.
   */
  public static String streamLine(Progress progress, boolean caughtUp, long webFlows, int devices) {
    String state =
        caughtUp
            ? "caught up"
            : "NOT caught up (" + progress.state() + ", lag " + number(progress.totalLag()) + ")";
    return "stream: "
        + state
        + ", "
        + plural(progress.filesCommitted(), "file")
        + " committed, "
        + plural(progress.records(), "record")
        + ", "
        + plural(webFlows, "web flow")
        + " over "
        + plural(devices, "device")
        + ", "
        + rejected(progress.rejected(), progress.rejectedByReason());
  }

  /** {@code 512 rejected (NOT_JSON 200, MISSING_DSTDEVICE 12)}, reasons in their enum order. */
  public static String rejected(long total, Map<String, Long> byReason) {
    StringBuilder sb = new StringBuilder(number(total)).append(" rejected");
    List<String> reasons = new ArrayList<>();
    byReason.forEach(
        (reason, n) -> {
          if (n != 0) {
            reasons.add(reason);
          }
        });
    if (!reasons.isEmpty()) {
      reasons.sort(REASON_ORDER);
      sb.append(" (");
      for (int i = 0; i < reasons.size(); i++) {
        sb.append(i == 0 ? "" : ", ")
            .append(cell(reasons.get(i)))
            .append(' ')
            .append(number(byReason.get(reasons.get(i))));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static int reasonRank(String name) {
    for (RejectReason reason : RejectReason.values()) {
      if (reason.name().equals(name)) {
        return reason.ordinal();
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * The verdict line, then for a difference up to {@code maxDifferences} lines {@code Comp123:
   * batch 5, stream 4} (or each measure that differs), by dstdevice, and how many more there are.
   */
  public static List<String> verdict(Comparison comparison, int maxDifferences) {
    List<String> lines = new ArrayList<>();
    boolean everyMeasure = comparison.measures().size() > 1;
    if (comparison.identical()) {
      if (comparison.devices() == 0) {
        lines.add("IDENTICAL: no web flows, neither in the batch nor in the stream.");
      } else {
        String who =
            comparison.devices() == 1
                ? "the only device has"
                : "all " + number(comparison.devices()) + " devices have";
        lines.add(
            "IDENTICAL: "
                + who
                + (everyMeasure ? " the same evidence" : " the same count")
                + " in the stream as in the batch ("
                + plural(comparison.batchTotal(), "web flow")
                + (everyMeasure ? "; " + String.join(", ", comparison.measures()) : "")
                + ").");
      }
      return lines;
    }
    int differing = comparison.differences().size();
    Map<String, Integer> byMeasure = comparison.differingByMeasure();
    lines.add(
        "DIFFERENT: "
            + number(differing)
            + " of "
            + plural(comparison.devices(), "device")
            + (differing == 1 ? " differs" : " differ")
            + " (batch "
            + plural(comparison.batchTotal(), "web flow")
            + ", stream "
            + number(comparison.streamTotal())
            + (everyMeasure && !byMeasure.isEmpty()
                ? "; devices per measure: "
                    + byMeasure.entrySet().stream()
                        .map(e -> e.getKey() + " " + number(e.getValue()))
                        .collect(Collectors.joining(", "))
                : "")
            + ").");
    int shown = Math.min(differing, maxDifferences);
    for (Comparison.Difference d : comparison.differences().subList(0, shown)) {
      String what =
          d.mismatches().isEmpty()
              ? side("batch", d.batch()) + ", " + side("stream", d.stream())
              : d.mismatches().stream()
                  .map(
                      m ->
                          m.measure()
                              + " batch "
                              + TerminalText.escape(m.batch())
                              + ", stream "
                              + TerminalText.escape(m.stream()))
                  .collect(Collectors.joining("; "));
      lines.add("  " + TerminalText.escape(d.dstdevice()) + ": " + what);
    }
    if (differing > shown) {
      lines.add("  ... and " + number(differing - shown) + " more");
    }
    return lines;
  }

  private static String side(String name, OptionalLong count) {
    return count.isPresent() ? name + " " + number(count.getAsLong()) : "not in the " + name;
  }

  /** {@code 1,234,567}, the same in every locale. */
  public static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String plural(long n, String noun) {
    return number(n) + " " + noun + (n == 1 ? "" : "s");
  }

  /** A table cell: escaped, then cut to {@link #MAX_CELL} characters like Spark's. */
  static String cell(String value) {
    String escaped = TerminalText.escape(value);
    if (width(escaped) <= MAX_CELL) {
      return escaped;
    }
    return escaped.substring(0, escaped.offsetByCodePoints(0, MAX_CELL - 3)) + "...";
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(Math.max(0, width - width(s))) + s;
  }

  private static String padRight(String s, int width) {
    return s + " ".repeat(Math.max(0, width - width(s)));
  }
}
