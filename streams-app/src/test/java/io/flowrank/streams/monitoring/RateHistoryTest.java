package io.flowrank.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowrank.core.api.RatesAnswer;
import org.junit.jupiter.api.Test;

class RateHistoryTest {

  @Test
  void eachSampleCarriesTheRateSinceTheOneBefore() {
    RateHistory history = new RateHistory();
    history.record(10_000, 0, 0);
    history.record(12_000, 4_000, 1_000);
    history.record(14_000, 10_000, 2_000);

    RatesAnswer rates = history.rates();
    assertThat(rates.intervalSeconds()).isEqualTo(2);
    assertThat(rates.samples())
        .extracting(RatesAnswer.Sample::recordsPerSecond)
        .containsExactly(0.0, 2_000.0, 3_000.0);
    assertThat(rates.samples())
        .extracting(RatesAnswer.Sample::webFlows)
        .containsExactly(0L, 1_000L, 2_000L);
  }

  @Test
  void theCurrentRateSpansTheLastTenSecondsOrWhatThereIs() {
    RateHistory history = new RateHistory();
    assertThat(history.recordsPerSecond()).isZero();
    history.record(0, 0, 0);
    assertThat(history.recordsPerSecond()).isZero();
    history.record(2_000, 2_000, 0);
    assertThat(history.recordsPerSecond()).isCloseTo(1_000, within(1e-9));
    // 1,000/s for 20 s, then 5,000/s for the last 10 s: the current rate is the last 10 s only.
    for (long t = 4_000; t <= 20_000; t += 2_000) {
      history.record(t, t, 0);
    }
    for (long t = 22_000; t <= 30_000; t += 2_000) {
      history.record(t, 20_000 + (t - 20_000) * 5, 0);
    }
    assertThat(history.recordsPerSecond()).isCloseTo(5_000, within(1e-9));
  }

  @Test
  void keepsTenMinutesAndDropsReadingsThatGoBack() {
    RateHistory history = new RateHistory();
    for (long t = 0; t <= 20 * 60_000; t += 2_000) {
      history.record(t, t, 0);
    }
    history.record(20 * 60_000 + 1_000, 1, 0); // fewer records than before: a partial reading
    history.record(20 * 60_000 - 1_000, 5_000_000, 0); // back in time
    var samples = history.rates().samples();
    assertThat(samples.get(samples.size() - 1).time()).isEqualTo(20 * 60_000);
    assertThat(samples.get(samples.size() - 1).time() - samples.get(0).time())
        .isEqualTo(RateHistory.KEPT.toMillis());
  }
}
