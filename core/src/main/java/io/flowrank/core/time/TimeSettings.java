package io.flowrank.core.time;

import java.util.Objects;
import java.util.Optional;

/**
 * How the streams app counts in data time (docs/design.md, "Time"): its windows, or none ({@code
 * stream --window off}: no window, no event), and when a device becomes a web server.
 */
public record TimeSettings(Optional<Windowing> windows, ServerRule serverRule) {

  /** {@code stream}'s defaults: windows of an hour, the default rule. */
  public static final TimeSettings DEFAULT =
      new TimeSettings(Optional.of(Windowing.DEFAULT), ServerRule.DEFAULT);

  /** No windows and no events. */
  public static final TimeSettings OFF = new TimeSettings(Optional.empty(), ServerRule.DEFAULT);

  public TimeSettings {
    Objects.requireNonNull(windows, "windows");
    Objects.requireNonNull(serverRule, "serverRule");
  }

  /** These windows, the default rule. */
  public static TimeSettings of(Windowing windowing) {
    return new TimeSettings(Optional.of(windowing), ServerRule.DEFAULT);
  }
}
