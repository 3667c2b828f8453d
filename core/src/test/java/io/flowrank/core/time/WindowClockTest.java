package io.flowrank.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Windows, lateness and the server rule of docs/design.md, "Time". */
class WindowClockTest {

  private static final Windowing HOURS = Windowing.DEFAULT;

  /** The fields of a web flow at {@code time} (a JSON string as LANL writes it). */
  private static FlowFields at(String time) {
    FlowFields fields = new FlowFields();
    byte[] line =
        ("{\"time\": \"" + time + "\", \"dstdevice\": \"Web\", \"dstport\": \"443\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            new FlowRules(WebPorts.DEFAULT)
                .judge(InputFormat.JSON_LINES, line, 0, line.length, fields)
                .isWebFlow())
        .isTrue();
    return fields;
  }

  @Test
  void theFirstOpenWindowIsTheEarliestThatOpenSaysStillTakesFlows() {
    Windowing minutes = new Windowing(60, 10, 3_600);
    for (long watermark = 0; watermark < 1_000; watermark++) {
      long first = minutes.firstOpen(watermark);
      assertThat(first % 60).isZero();
      assertThat(minutes.open(first, watermark)).as("open at %d", watermark).isTrue();
      if (first > 0) {
        assertThat(minutes.open(first - 60, watermark)).as("closed at %d", watermark).isFalse();
      }
    }
    assertThat(minutes.firstOpen(69)).isZero();
    assertThat(minutes.firstOpen(70)).isEqualTo(60);
  }

  @Test
  void aWindowStartsAtAMultipleOfItsSizeAndHoldsItsSizeOfSeconds() {
    assertThat(HOURS.startOf(172_800)).isEqualTo(172_800);
    assertThat(HOURS.startOf(176_399)).isEqualTo(172_800);
    assertThat(HOURS.startOf(176_400)).isEqualTo(176_400);
    assertThat(HOURS.startOf(0)).isZero();
    assertThat(HOURS.endOf(172_800)).isEqualTo(176_400);
    assertThat(HOURS.startOf(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE - Long.MAX_VALUE % 3_600);
  }

  @Test
  void aWindowTakesFlowsUntilTheWatermarkReachesItsEndPlusTheGrace() {
    // 172800..176400, grace 300: closed once the watermark is 176700.
    assertThat(HOURS.open(172_800, 176_699)).isTrue();
    assertThat(HOURS.open(172_800, 176_700)).isFalse();
    assertThat(HOURS.late(176_399, 176_699)).isFalse();
    assertThat(HOURS.late(172_800, 176_700)).isTrue();
    // Kept 48 h past its end.
    assertThat(HOURS.held(172_800, 176_400 + 172_799)).isTrue();
    assertThat(HOURS.held(172_800, 176_400 + 172_800)).isFalse();
    assertThat(HOURS.open(Long.MAX_VALUE - 10, Long.MAX_VALUE)).isTrue();
  }

  @Test
  void theClockPlacesEachFlowAndMovesTheWatermarkAfterIt() {
    WindowClock clock = new WindowClock(new Windowing(60, 10, 600));
    clock.reset(172_800, true);

    assertThat(clock.place(at("172859"))).isEqualTo(172_800);
    assertThat(clock.place(at("172900"))).isEqualTo(172_900 - 172_900 % 60);
    assertThat(clock.watermark()).isEqualTo(172_900);
    // 172800..172860 closed at 172870: late.
    assertThat(clock.place(at("172801"))).isEqualTo(WindowClock.LATE);
    assertThat(clock.place(at("172861"))).isEqualTo(172_860);
    assertThat(clock.place(at("12a"))).isEqualTo(WindowClock.UNTIMED);
    assertThat(clock.watermark()).as("never backwards").isEqualTo(172_900);

    clock.reset(0, false);
    assertThat(clock.place(at("1000000"))).isEqualTo(999_960);
    assertThat(clock.place(at("1"))).as("a frame without a watermark: never late").isZero();
  }

  @Test
  void theProducerMovesTheWatermarkByTheTimesOfWebFlowsOnly() {
    assertThat(WindowClock.advance(5, at("172800"))).isEqualTo(172_800);
    assertThat(WindowClock.advance(172_900, at("172800"))).isEqualTo(172_900);
    assertThat(WindowClock.advance(7, at("not a time"))).isEqualTo(7);
  }

  @Test
  void windowsAreWholeSecondsAndTheRetentionAtLeastTheGrace() {
    assertThat(Windowing.of(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(48)))
        .isEqualTo(Windowing.DEFAULT);
    assertThatThrownBy(() -> Windowing.of(Duration.ofMillis(1500), Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> new Windowing(0, 0, 0)).hasMessageContaining("1s or longer");
    assertThatThrownBy(() -> new Windowing(60, 10, 5)).hasMessageContaining("at least the grace");
  }

  @Test
  void aWindowMakesAServerWithEnoughAnsweredFlowsFromEnoughClients() {
    ServerRule rule = ServerRule.DEFAULT;
    assertThat(rule.qualifies(evidence(10, 2))).isTrue();
    assertThat(rule.qualifies(evidence(9, 5))).isFalse();
    assertThat(rule.qualifies(evidence(100, 1))).isFalse();
    assertThatThrownBy(() -> new ServerRule(0, 2)).hasMessageContaining("at least 1");
  }

  private static Evidence evidence(long answered, long clients) {
    return new Evidence(
        answered, answered, clients, Total.ZERO, Total.ZERO, PortCounts.NONE, 172_800, 172_800);
  }
}
