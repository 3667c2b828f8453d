package io.flowrank.streams.topology;

import io.flowrank.core.command.UserInputException;
import io.flowrank.core.rules.WebPorts;

/**
 * The application's state was written in a format this version cannot read (docs/design.md §3.3),
 * such as the counts of flowrank before evidence per device. Not a transient fault: the streams app
 * stops and says how to reset the application and count again (README "Upgrading"); {@code flowrank
 * stream} exits with the usage code, as for any state the user must act on.
 */
public final class IncompatibleStateException extends UserInputException {

  private static final long serialVersionUID = 1L;

  /** What to do, for every message: the application's state must be counted again. */
  public static final String WAY_OUT =
      "reset the application and count again from the start of flows: stop every instance, run"
          + " `flowrank reset --bootstrap-servers ... --application-id ...` (with --state-dir for"
          + " each instance's state folder), then start them again (README \"Upgrading\")";

  private IncompatibleStateException(String message) {
    this(message, WAY_OUT);
  }

  private IncompatibleStateException(String message, String wayOut) {
    super(message + "; " + wayOut, false);
  }

  /**
   * {@code flows} holds frames the producer judged by other web ports than this app's: their other
   * flows were sent as counts, so this app cannot tell its own web flows among them.
   */
  public static IncompatibleStateException judgedForOtherPorts(WebPorts judged, WebPorts counted) {
    return new IncompatibleStateException(
        "flows holds frames the producer judged by web ports " + judged
            + ", and this app counts ports " + counted,
        "give both the same --ports, or replay the files with `flowrank produce --ports "
            + counted + "` into fresh topics (or with --frames lines, which any ports can"
            + " count)");
  }

  /** The first of these in a failure's causes, if any: a stream thread wraps what a task threw. */
  public static java.util.Optional<IncompatibleStateException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IncompatibleStateException incompatible) {
        return java.util.Optional.of(incompatible);
      }
    }
    return java.util.Optional.empty();
  }

  static IncompatibleStateException countsOnly() {
    return new IncompatibleStateException(
        "webserver-counts holds counts written by an earlier flowrank (value format 0: a count"
            + " per device, no evidence); this version cannot tell those flows' evidence from them");
  }

  static IncompatibleStateException unknownFormat(int magic, int version) {
    return new IncompatibleStateException(
        "webserver-counts holds a value of an unknown format (first bytes "
            + magic
            + ", "
            + version
            + "), written by another flowrank version");
  }

  /** A store of windows holds a value of a format this version does not know. */
  static IncompatibleStateException unknownFormat(String store, int version) {
    return new IncompatibleStateException(
        store + " holds a value of an unknown format (version " + version
            + "), written by another flowrank version");
  }

  /** The repartition topic of the version before evidence exists: its state is counts only. */
  public static IncompatibleStateException countsOnlyApplication(String applicationId, String topic) {
    return new IncompatibleStateException(
        "the application '"
            + applicationId
            + "' was run by an earlier flowrank that kept counts only (its topic "
            + topic
            + " exists); this version keeps evidence per device and cannot derive it from those"
            + " counts");
  }
}
