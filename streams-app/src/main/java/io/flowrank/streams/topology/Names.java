package io.flowrank.streams.topology;

/**
 * The names of the topology's stores and internal topics, for the topology and for everything that
 * reads them (queries, progress, the cluster view). They are part of the application's state on the
 * broker: the changelog and repartition topics are named after them, so renaming one orphans
 * existing state. {@code WebServerTopologyTest} pins them against {@code topology.describe()}.
 */
public final class Names {

  /**
   * String dstdevice → its evidence of all time and in its latest window ({@link DeviceCounts},
   * {@link EvidenceFormat}); one partition per partition of the repartition topic.
   */
  public static final String COUNTS_STORE = "webserver-counts";

  /**
   * Every (dstdevice, client) pair seen ({@link ClientPairs}), on the device's partition: what
   * makes the distinct clients exact.
   */
  public static final String CLIENTS_STORE = "webserver-clients";

  /**
   * A window store: String dstdevice → its evidence in one window of data time ({@link
   * EvidenceFormat}) for every window of it but its latest ({@link DeviceCounts}), the store's
   * timestamp the window's start in seconds of data time.
   */
  public static final String WINDOW_COUNTS_STORE = "webserver-window-counts";

  /**
   * A window store: every (dstdevice, client) pair ({@link ClientPairs}) seen in a window but its
   * latest (which its {@link #CLIENTS_STORE} value names): what makes a window's distinct clients
   * exact.
   */
  public static final String WINDOW_CLIENTS_STORE = "webserver-window-clients";

  /**
   * A window store: per window of data time, one entry ({@link WindowTotal}) with the web flows of
   * the partition's devices in it and the largest time among them.
   */
  public static final String WINDOW_TOTALS_STORE = "webserver-window-totals";

  /**
   * String dstdevice → its {@code webserver-events} record, for every device of the partition that
   * became a web server: what makes the event once per device, ever.
   */
  public static final String ANNOUNCED_STORE = "webserver-announced";

  /**
   * String dstdevice → the {@code webserver-events} record of a device that qualified in a window
   * while an earlier window could still gain flows: it goes out (into {@link #ANNOUNCED_STORE})
   * once every earlier window is closed, naming the earliest window that qualifies (docs/design.md
   * §1.6).
   */
  public static final String PENDING_EVENTS_STORE = "webserver-pending-events";

  /**
   * Integer partition of {@code flows} → Long: the watermark its latest frame reached, as this
   * partition of the counts heard it ({@link EvidenceBatch.Progress}); what closes windows for the
   * pending events.
   */
  public static final String PROGRESS_STORE = "webserver-flows-progress";

  /** Per partition of {@code flows}: {@link FlowStats} keys → Long. */
  public static final String STATS_STORE = "flow-stats";

  /**
   * The repartition that feeds {@link #COUNTS_STORE}, as the topology names it; its topic is {@link
   * #repartitionTopic}.
   */
  public static final String REPARTITION = "evidence-by-dstdevice";

  /**
   * The repartition of flowrank before evidence per device (counts only): its topic on the broker
   * means the application's state is of that version ({@link IncompatibleStateException}).
   */
  public static final String COUNTS_ONLY_REPARTITION = "webflows-by-dstdevice";

  private Names() {}

  /**
   * The repartition topic on the broker, {@code
   * <application.id>-evidence-by-dstdevice-repartition}: Kafka Streams prefixes an internal topic's
   * name with the application id and suffixes its kind.
   */
  public static String repartitionTopic(String applicationId) {
    return internalTopic(applicationId, REPARTITION);
  }

  /** The repartition topic of the counts-only version, for the check at start. */
  public static String countsOnlyRepartitionTopic(String applicationId) {
    return internalTopic(applicationId, COUNTS_ONLY_REPARTITION);
  }

  private static String internalTopic(String applicationId, String repartition) {
    return applicationId + "-" + repartition + "-repartition";
  }
}
