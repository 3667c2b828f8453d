package io.flowrank.cli.commands;

import io.flowrank.cli.DurationConverter;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.core.time.Windowing;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of the windows of data time and of the events (docs/design.md, "Time") that {@code
 * stream} counts with and {@code verify} compares with, so both read them alike: {@code --grace},
 * {@code --window-retention}, {@code --server-min-answered}, {@code --server-min-clients}. Each
 * command declares {@code --window} itself: the stream keeps windows of an hour unless told
 * otherwise, the verifier compares windows only when asked.
 */
public final class TimeOptions {

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "5m",
      description =
          "How long past its end (in data time: the watermark, the largest time of the web flows"
              + " before) a window still takes a flow; later ones count in all time only, as late"
              + " (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--window-retention",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "48h",
      description =
          "How long past its end (in data time) a window is kept (default: ${DEFAULT-VALUE}).")
  Duration retention;

  @Option(
      names = "--server-min-answered",
      paramLabel = "N",
      defaultValue = "" + 10,
      description =
          "A device becomes a web server (one webserver-events record, ever) the first time one"
              + " window gives it this many answered web flows (default: ${DEFAULT-VALUE}) ...")
  long minAnswered;

  @Option(
      names = "--server-min-clients",
      paramLabel = "N",
      defaultValue = "" + 2,
      description = "... from this many distinct clients (default: ${DEFAULT-VALUE}).")
  long minClients;

  /**
   * The settings of windows of {@code size} (zero: none).
   *
   * @throws UserInputException naming the option when one is out of range
   */
  public TimeSettings settings(Duration size) {
    ServerRule rule;
    try {
      rule = new ServerRule(minAnswered, minClients);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--server-min-answered/--server-min-clients: " + e.getMessage());
    }
    if (size.isZero()) {
      return new TimeSettings(Optional.empty(), rule);
    }
    try {
      return new TimeSettings(Optional.of(Windowing.of(size, grace, retention)), rule);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--window/--grace/--window-retention: " + e.getMessage());
    }
  }

  /** {@code --window SIZE}: a duration, or {@code off} (zero) for none. */
  public static final class WindowSize extends io.flowrank.cli.ValueConverter<Duration> {
    public WindowSize() {
      super(
          text ->
              text.strip().equalsIgnoreCase("off")
                  ? Duration.ZERO
                  : io.flowrank.verifier.Durations.parse(text));
    }
  }
}
