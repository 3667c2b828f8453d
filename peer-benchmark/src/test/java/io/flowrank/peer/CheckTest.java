package io.flowrank.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckTest {

  private static final Truth TRUTH = new Truth(2, 10, 5, Map.of("Comp1", 3L, "Comp2", 2L));

  @Test
  void equalCountsAreCorrectAndANullDeviceIsReportedApart() {
    RunResult result =
        check(Map.of("Comp1", 3L, "Comp2", 2L), 4, "1 micro-batch", Check.Agreement.NOTHING_ELSE);

    assertThat(result.correct()).isTrue();
    assertThat(result.devices()).isEqualTo(2);
    assertThat(result.webFlows()).isEqualTo(5);
    assertThat(result.nullDeviceWebFlows()).isEqualTo(4);
    assertThat(result.note())
        .contains(
            "all 2 devices have their true count", "1 micro-batch", "4 web flows under a null");
  }

  @Test
  void oneDeviceOffIsWrong() {
    RunResult result = check(Map.of("Comp1", 3L, "Comp2", 1L), 0, "", Check.Agreement.NOTHING_ELSE);

    assertThat(result.correct()).isFalse();
    assertThat(result.note()).startsWith("DIFFERENT: 1 of 2 devices differ");
  }

  @Test
  void equalCountsWithAFailedVerifierAreWrong() {
    RunResult result =
        check(
            Map.of("Comp1", 3L, "Comp2", 2L),
            0,
            "",
            new Check.Agreement(false, "flowrank verify exited 1"));

    assertThat(result.correct()).isFalse();
    assertThat(result.note()).endsWith("flowrank verify exited 1");
  }

  private static RunResult check(
      Map<String, Long> counts, long nullDevice, String detail, Check.Agreement agreement) {
    RunResult result =
        Check.of(
            PeerSystem.SPARK_SS_FILES,
            2,
            1.5,
            TRUTH,
            new Counts(counts, nullDevice),
            detail,
            agreement);
    assertThat(result.round()).isEqualTo(2);
    assertThat(result.seconds()).isEqualTo(1.5);
    return result;
  }
}
