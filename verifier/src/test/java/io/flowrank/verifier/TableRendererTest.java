package io.flowrank.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TableRendererTest {

  @Test
  void showLooksLikeTheNotebooksTable() {
    List<String> lines =
        TableRenderer.show(
            List.of(
                new DeviceCount("EnterpriseAppServer", 14199),
                new DeviceCount("Comp576843", 13837),
                new DeviceCount("Comp501516", 5742)));

    assertThat(lines)
        .containsExactly(
            "+-------------------+-----+",
            "|          dstdevice|count|",
            "+-------------------+-----+",
            "|EnterpriseAppServer|14199|",
            "|         Comp576843|13837|",
            "|         Comp501516| 5742|",
            "+-------------------+-----+");
  }

  @Test
  void columnsGrowWithTheirWidestCell() {
    List<String> lines =
        TableRenderer.show(List.of(new DeviceCount("VPN", 12_345_678L), new DeviceCount("A", 7)));

    assertThat(lines)
        .containsExactly(
            "+---------+--------+",
            "|dstdevice|   count|",
            "+---------+--------+",
            "|      VPN|12345678|",
            "|        A|       7|",
            "+---------+--------+");
  }

  @Test
  void anEmptyTableHasItsHeaderOnly() {
    assertThat(TableRenderer.show(List.of()))
        .containsExactly(
            "+---------+-----+", "|dstdevice|count|", "+---------+-----+", "+---------+-----+");
  }

  @Test
  void tiesAreRankedByDeviceAsInTheRankingOrder() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("Comp3", 2L);
    counts.put("Comp1", 2L);
    counts.put("ActiveDirectory", 1L);
    counts.put("Comp2", 2L);
    counts.put("VPN", 9L);

    List<String> lines = TableRenderer.show(TopN.of(counts, 4));

    assertThat(lines.subList(3, 7))
        .containsExactly(
            "|      VPN|    9|", "|    Comp1|    2|", "|    Comp2|    2|", "|    Comp3|    2|");
  }

  @Test
  void longAndHostileNamesAreCutAndEscaped() {
    List<String> lines =
        TableRenderer.show(
            List.of(
                new DeviceCount("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3),
                new DeviceCount("evil\nname\u202E", 2)));

    assertThat(lines.get(3)).isEqualTo("|ABCDEFGHIJKLMNOPQ...|    3|");
    assertThat(lines.get(4)).isEqualTo("|    evil\\nname\\u202e|    2|");
    assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
  }

  @Test
  void sideBySidePadsTheLeftBlockAndAlignsShorterBlocks() {
    List<String> lines =
        TableRenderer.sideBySide("left title", List.of("aa", "a"), "right", List.of("1", "2", "3"));

    assertThat(lines)
        .containsExactly(
            "left title      right", "aa              1", "a               2", "                3");
  }

  @Test
  void sideBySideLeavesNoTrailingSpaces() {
    List<String> lines = TableRenderer.sideBySide("l", List.of("x", "y"), "r", List.of());

    assertThat(lines).containsExactly("l      r", "x", "y");
  }

  @Test
  void moreRowsNoteIsSparks() {
    assertThat(TableRenderer.moreRows(20)).isEqualTo("only showing top 20 rows");
    assertThat(TableRenderer.moreRows(1)).isEqualTo("only showing top 1 row");
  }

  @Test
  void numbersHaveThousandsSeparatorsInEveryLocale() {
    assertThat(TableRenderer.number(1_234_567)).isEqualTo("1,234,567");
    assertThat(TableRenderer.number(0)).isEqualTo("0");
  }

  @Test
  void identicalVerdict() {
    Comparison c = Comparison.of(Map.of("a", 99_000L, "b", 123L), Map.of("a", 99_000L, "b", 123L));

    assertThat(TableRenderer.verdict(c, 20))
        .containsExactly(
            "IDENTICAL: all 2 devices have the same count in the stream as in the batch"
                + " (99,123 web flows).");
  }

  @Test
  void identicalVerdictWithoutDevices() {
    assertThat(TableRenderer.verdict(Comparison.of(Map.of(), Map.of()), 20))
        .containsExactly("IDENTICAL: no web flows, neither in the batch nor in the stream.");
  }

  @Test
  void differentVerdictListsTheFirstDifferencesByDevice() {
    Map<String, Long> batch = new LinkedHashMap<>();
    Map<String, Long> stream = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      batch.put("Comp" + i, 10L);
      stream.put("Comp" + i, 9L);
    }
    batch.put("Same", 1_000L);
    stream.put("Same", 1_000L);

    List<String> lines = TableRenderer.verdict(Comparison.of(batch, stream), 3);

    assertThat(lines)
        .containsExactly(
            "DIFFERENT: 5 of 6 devices differ (batch 1,050 web flows, stream 1,045).",
            "  Comp0: batch 10, stream 9",
            "  Comp1: batch 10, stream 9",
            "  Comp2: batch 10, stream 9",
            "  ... and 2 more");
  }

  @Test
  void oneDifferingDeviceOnOneSide() {
    Comparison c = Comparison.of(Map.of("Comp1", 1L), Map.of());

    assertThat(TableRenderer.verdict(c, 20))
        .containsExactly(
            "DIFFERENT: 1 of 1 device differs (batch 1 web flow, stream 0).",
            "  Comp1: batch 1, not in the stream");
    assertThat(c.differences().get(0).stream()).isEqualTo(OptionalLong.empty());
  }

  @Test
  void batchLineNamesEveryFigureAndTheReasonsInTheirOrder() {
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    rejected.put(RejectReason.MISSING_DSTDEVICE, 12L);
    rejected.put(RejectReason.NOT_JSON, 1_200L);
    BatchCount batch =
        new BatchCount(
            Map.of("a", counted(99_000), "b", counted(123)), 50, 500_000, 99_123, rejected, Map.of());

    assertThat(TableRenderer.batchLine(batch, WebPorts.DEFAULT))
        .isEqualTo(
            "batch: 50 files, 500,000 records, 99,123 web flows to ports 80,443 over 2 devices,"
                + " 1,212 rejected (NOT_JSON 1,200, MISSING_DSTDEVICE 12)");
  }

  @Test
  void rejectedPutsUnknownReasonsLastAndLeavesZerosOut() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    byReason.put("SOMETHING_NEW", 1L);
    byReason.put("TOO_LARGE", 2L);
    byReason.put("NOT_JSON", 0L);
    byReason.put("INVALID_UTF8", 3L);

    assertThat(TableRenderer.rejected(6, byReason))
        .isEqualTo("6 rejected (INVALID_UTF8 3, TOO_LARGE 2, SOMETHING_NEW 1)");
    assertThat(TableRenderer.rejected(0, Map.of())).isEqualTo("0 rejected");
  }

  private static io.flowrank.core.evidence.Evidence counted(long count) {
    return new io.flowrank.core.evidence.Evidence(
        count, 0, 0, io.flowrank.core.evidence.Total.ZERO, io.flowrank.core.evidence.Total.ZERO,
        io.flowrank.core.evidence.PortCounts.NONE, -1, -1);
  }
}
