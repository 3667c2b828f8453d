package io.flowrank.streams.topology;

/**
 * The names of the topology's stores and internal topics, for the topology and for everything that
 * reads them (queries, progress, the cluster view). They are part of the application's state on the
 * broker: the changelog and repartition topics are named after them, so renaming one orphans
 * existing state. {@code WebServerTopologyTest} pins them against {@code topology.describe()}.
 */
public final class Names {

  /**
   * String dstdevice → Long count of web flows; one partition per partition of the repartition
   * topic.
   */
  public static final String COUNTS_STORE = "webserver-counts";

  /** Per partition of {@code flows}: {@link FlowStats} keys → Long. */
  public static final String STATS_STORE = "flow-stats";

  /**
   * The repartition that feeds {@link #COUNTS_STORE}, as the topology names it; its topic is {@link
   * #repartitionTopic}.
   */
  public static final String REPARTITION = "webflows-by-dstdevice";

  private Names() {}

  /**
   * The repartition topic on the broker, {@code
   * <application.id>-webflows-by-dstdevice-repartition}: Kafka Streams prefixes an internal topic's
   * name with the application id and suffixes its kind.
   */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + REPARTITION + "-repartition";
  }
}
