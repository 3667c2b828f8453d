package io.flowrank.streams.topology;

/**
 * The application's state was written in a format this version cannot read (docs/design.md §3.3),
 * such as the counts of flowrank before evidence per device. Not a transient fault: the streams app
 * stops and says how to reset the application and count again (README "Upgrading").
 */
public final class IncompatibleStateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What to do, for every message: the application's state must be counted again. */
  public static final String WAY_OUT =
      "reset the application and count again from the start of flows: stop every instance, run"
          + " `flowrank reset --bootstrap-servers ... --application-id ...` (with --state-dir for"
          + " each instance's state folder), then start them again (README \"Upgrading\")";

  private IncompatibleStateException(String message) {
    super(message + "; " + WAY_OUT);
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
