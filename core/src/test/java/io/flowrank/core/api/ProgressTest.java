package io.flowrank.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a progress answer must hold, and how the answers of older versions read. */
class ProgressTest {

  /** An answer of a version before batches, rates and unserved partitions. */
  private static final String BEFORE_BATCHES =
      "{\"state\":\"RUNNING\",\"records\":100,\"webFlows\":20,\"rejected\":4,"
          + "\"rejectedByReason\":{\"NOT_JSON\":4},\"lag\":{\"flows-0\":7,\"flows-1\":-1},"
          + "\"filesCommitted\":3,\"caughtUp\":false}";

  @Test
  void anAnswerFromBeforeBatchesReadsOneBatchPerFileAndNothingUnserved() {
    Progress progress = read(BEFORE_BATCHES);

    assertThat(progress)
        .isEqualTo(
            new Progress(
                "RUNNING",
                100,
                20,
                4,
                Map.of("NOT_JSON", 4L),
                Map.of("flows-0", 7L, "flows-1", -1L),
                3,
                3,
                false,
                0,
                List.of(),
                Map.of(),
                0,
                0));
    assertThat(progress.totalLag()).as("a negative lag counts as none").isEqualTo(7);
  }

  @Test
  void absentOrNullCountsByNameAreNone() {
    Progress progress =
        read(
            "{\"state\":\"STARTING\",\"records\":0,\"webFlows\":0,\"rejected\":0,"
                + "\"rejectedByReason\":null,\"filesCommitted\":0,\"caughtUp\":false,"
                + "\"unserved\":null}");

    assertThat(progress.rejectedByReason()).isEmpty();
    assertThat(progress.lag()).isEmpty();
    assertThat(progress.unserved()).isEmpty();
    assertThat(progress.totalLag()).isZero();
  }

  @Test
  void aNegativeCountIsRefusedNamingIt() {
    assertThatThrownBy(() -> read(BEFORE_BATCHES.replace("\"webFlows\":20", "\"webFlows\":-1")))
        .hasMessage("not a Progress: \"webFlows\" is missing or not a count");
    assertThatThrownBy(
            () ->
                new Progress(
                    "RUNNING", 1, 1, 0, Map.of(), Map.of(), 0, -2, true, 0, List.of(), Map.of(), 0,
                    0))
        .hasMessage("\"batchesCommitted\" is missing or not a count");
  }

  @Test
  void lateAndUntimedAreCountsAbsentFromOlderAnswers() {
    assertThat(read(BEFORE_BATCHES).late()).isZero();
    assertThat(read(BEFORE_BATCHES).untimed()).isZero();
    assertThatThrownBy(() -> read(BEFORE_BATCHES.replace("\"caughtUp\"", "\"late\":-3,\"caughtUp\"")))
        .hasMessage("not a Progress: \"late\" is missing or not a count");
  }

  @Test
  void aMissingStateOrCaughtUpIsRefused() {
    assertThatThrownBy(() -> read(BEFORE_BATCHES.replace("\"state\":\"RUNNING\",", "")))
        .hasMessage("not a Progress: \"state\" is missing or not a string");
    assertThatThrownBy(() -> read(BEFORE_BATCHES.replace(",\"caughtUp\":false", "")))
        .hasMessage("not a Progress: \"caughtUp\" is missing or not a boolean");
    assertThatThrownBy(
            () ->
                new Progress(
                    null, 0, 0, 0, Map.of(), Map.of(), 0, 0, false, 0, List.of(), Map.of(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCountByNameMustBeAnInteger() {
    assertThatThrownBy(() -> read(BEFORE_BATCHES.replace("\"flows-0\":7", "\"flows-0\":null")))
        .hasMessage("not a Progress: \"lag.flows-0\" is missing or not an integer");
    assertThatThrownBy(() -> read(BEFORE_BATCHES.replace("{\"NOT_JSON\":4}", "[4]")))
        .hasMessage("not a Progress: \"rejectedByReason\" is missing or not an object");
  }

  @Test
  void anUnservedPartitionNeedsItsReason() {
    String unserved =
        BEFORE_BATCHES.replace(
            "\"caughtUp\":false",
            "\"caughtUp\":false,\"unserved\":[{\"partition\":1,\"sinceMillis\":5,"
                + "\"since\":\"1970-01-01T00:00:00.005Z\",\"forMillis\":2}]");

    assertThatThrownBy(() -> read(unserved))
        .hasMessage("not a Progress: \"unserved[0].reason\" is missing or not a string");
  }

  private static Progress read(String body) {
    return Wire.read(body.getBytes(StandardCharsets.UTF_8), Progress.class);
  }
}
