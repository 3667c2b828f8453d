package io.flowrank.core.time;

import io.flowrank.core.evidence.Evidence;

/**
 * When a device becomes a web server (docs/design.md, "Time"): the first time one window gives it
 * at least {@code minAnswered} answered web flows from at least {@code minClients} distinct clients.
 * Both measures only grow within a window, so a window qualifies at one moment and stays so.
 */
public record ServerRule(long minAnswered, long minClients) {

  /** {@code --server-min-answered 10 --server-min-clients 2}. */
  public static final ServerRule DEFAULT = new ServerRule(10, 2);

  public ServerRule {
    if (minAnswered < 1) {
      throw new IllegalArgumentException(
          "the answered web flows a server needs must be at least 1, got " + minAnswered);
    }
    if (minClients < 1) {
      throw new IllegalArgumentException(
          "the clients a server needs must be at least 1, got " + minClients);
    }
  }

  /** Whether a window's evidence of a device makes it a web server. */
  public boolean qualifies(Evidence window) {
    return qualifies(window.answered(), window.clients());
  }

  /** Whether these answered flows and distinct clients, in one window, make a web server. */
  public boolean qualifies(long answered, long clients) {
    return answered >= minAnswered && clients >= minClients;
  }
}
