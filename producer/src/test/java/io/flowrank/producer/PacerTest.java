package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

  private static final long SECOND = 1_000_000_000L;

  /** A clock that only moves when the pacer sleeps or the test says so. */
  private static final class FakeTime {
    long now = 42 * SECOND;
    final List<Long> sleeps = new ArrayList<>();

    void sleep(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  private final FakeTime time = new FakeTime();

  private Pacer pacer(double filesPerSecond) {
    return new Pacer(filesPerSecond, () -> time.now, time::sleep);
  }

  @Test
  void asFastAsPossibleNeverSleeps() throws InterruptedException {
    Pacer pacer = pacer(0);
    pacer.start();
    for (int i = 0; i < 100; i++) {
      pacer.awaitTurn(i);
    }
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void fileIStartsNoSoonerThanStartPlusIOverX() throws InterruptedException {
    Pacer pacer = pacer(2);
    long start = time.now;
    pacer.start();

    pacer.awaitTurn(0);
    assertThat(time.now).isEqualTo(start);
    pacer.awaitTurn(1);
    assertThat(time.now).isEqualTo(start + SECOND / 2);
    pacer.awaitTurn(2);
    assertThat(time.now).isEqualTo(start + SECOND);
    assertThat(time.sleeps).containsExactly(SECOND / 2, SECOND / 2);
  }

  @Test
  void theScheduleIsAbsoluteSoASlowFileIsCaughtUp() throws InterruptedException {
    Pacer pacer = pacer(1);
    long start = time.now;
    pacer.start();
    pacer.awaitTurn(0);

    time.now += 2_500_000_000L; // file 0 took 2.5 s: files 1 and 2 are already due
    pacer.awaitTurn(1);
    pacer.awaitTurn(2);
    assertThat(time.sleeps).isEmpty();

    pacer.awaitTurn(3);
    assertThat(time.now).isEqualTo(start + 3 * SECOND);
    assertThat(time.sleeps).containsExactly(500_000_000L);
  }

  @Test
  void aSleepThatEndsEarlyIsResumed() throws InterruptedException {
    List<Long> sleeps = new ArrayList<>();
    Pacer pacer =
        new Pacer(
            1,
            () -> time.now,
            nanos -> {
              sleeps.add(nanos);
              time.now += Math.min(nanos, SECOND / 4);
            });
    long start = time.now;
    pacer.start();

    pacer.awaitTurn(1);

    assertThat(time.now).isEqualTo(start + SECOND);
    assertThat(sleeps).containsExactly(SECOND, 3 * SECOND / 4, SECOND / 2, SECOND / 4);
  }

  @Test
  void theFirstTurnStartsTheScheduleWhenStartWasNotCalled() throws InterruptedException {
    Pacer pacer = pacer(4);
    long start = time.now;

    pacer.awaitTurn(0);
    pacer.awaitTurn(1);

    assertThat(time.now).isEqualTo(start + SECOND / 4);
  }

  @Test
  void aSleeperThatThrowsStopsTheWait() {
    Pacer pacer =
        new Pacer(
            1,
            () -> time.now,
            nanos -> {
              throw new InterruptedException("stop");
            });
    pacer.start();

    assertThatThrownBy(() -> pacer.awaitTurn(1)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void tinyRatesDoNotOverflow() {
    Pacer pacer = pacer(1e-12);

    assertThat(pacer.offsetNanos(1_000_000)).isPositive().isEqualTo(Long.MAX_VALUE / 4);
    assertThat(pacer(3).offsetNanos(1)).isEqualTo(333_333_334L);
  }

  @Test
  void rejectsBadRatesAndIndexes() {
    assertThatThrownBy(() -> pacer(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pacer(1).awaitTurn(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
