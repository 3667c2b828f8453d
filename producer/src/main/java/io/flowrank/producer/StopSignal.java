package io.flowrank.producer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A replay's stop request: asked from any thread ({@link FlowReplayer#stop()}, a shutdown hook),
 * checked by the replaying thread between two frames and while it waits for its pace. An interrupt
 * of the replaying thread counts as a request.
 */
final class StopSignal {

  private final CountDownLatch requested = new CountDownLatch(1);

  /** Asks for the stop; returns at once. */
  void request() {
    requested.countDown();
  }

  /**
   * @throws InterruptedException when a stop was asked or the thread was interrupted (the interrupt
   *     is cleared)
   */
  void check() throws InterruptedException {
    if (requested.getCount() == 0 || Thread.interrupted()) {
      throw new InterruptedException("replay stopped");
    }
  }

  /**
   * Waits {@code nanos} ({@link Pacer.Sleeper}), ended early by a stop request.
   *
   * @throws InterruptedException when a stop was asked before the time was up, or on an interrupt
   */
  void sleep(long nanos) throws InterruptedException {
    if (requested.await(nanos, TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("replay stopped");
    }
  }
}
