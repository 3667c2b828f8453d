package io.flowrank.streams.monitoring;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The monitors' timers: one daemon thread each, so a monitor never keeps the JVM alive. */
final class Repeat {

  private Repeat() {}

  /** Runs {@code task} after {@code first}, then {@code delay} after each run ends. */
  static ScheduledExecutorService every(
      Duration delay, Duration first, String threadName, Runnable task) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(task, first.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    return timer;
  }
}
