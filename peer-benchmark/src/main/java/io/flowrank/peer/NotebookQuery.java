package io.flowrank.peer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The notebook's query and session, written once for the three Spark runs: {@code
 * select('dstdevice').where(col('dstport').isin([80, 443])).groupby('dstdevice').count()
 * .sort(desc('count'))} on a {@code local[*]} session.
 */
final class NotebookQuery {

  /** The notebook's application name. */
  static final String APP_NAME = "Web Server Hypothesis Test";

  /**
   * The streaming schema: the notebook's eleven columns, every one a string, as its static read
   * infers them ({@code printSchema()} in the notebook: every value of a {@code csvjson --stream}
   * line is a JSON string). The notebook's own streaming schema types {@code time} as a timestamp
   * and six columns as longs, which the query never reads: all strings keep the streams and the
   * batch on the same columns and spare Spark conversions the batch does not make.
   */
  static final StructType FLOW_SCHEMA =
      new StructType(
          new StructField[] {
            string("time"),
            string("duration"),
            string("srcdevice"),
            string("dstdevice"),
            string("protocol"),
            string("srcport"),
            string("dstport"),
            string("srcpackets"),
            string("dstpackets"),
            string("srcbytes"),
            string("dstbytes")
          });

  private NotebookQuery() {}

  /**
   * A session on every core of this machine, as the notebook's Spark (3.x) ran it: without ANSI
   * mode, which Spark 4 turns on by default. There {@code isin([80, 443])} on the string {@code
   * dstport} compares strings ({@code dstport IN ('80', '443')} in the plan); under ANSI mode it
   * casts every dstport to a number and the query fails on the first {@code 'Port07698'}. The web
   * UI is off: it is no part of the query, and on a shared machine it would look for free ports.
   */
  static SparkSession session() {
    SparkSession spark =
        SparkSession.builder()
            .appName(APP_NAME)
            .master("local[*]")
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** The web flows per dstdevice, most first: the notebook's query on any frame of flows. */
  static Dataset<Row> webServers(Dataset<Row> flows) {
    return flows
        .select("dstdevice")
        .where(col("dstport").isin(80, 443))
        .groupBy("dstdevice")
        .count()
        .sort(desc("count"));
  }

  /**
   * The rows of {@link #webServers} as counts per dstdevice. A null dstdevice (a record without
   * one, which flowrank rejects as {@code MISSING_DSTDEVICE}) is a group of its own in Spark: it
   * is kept apart.
   */
  static Counts counts(Iterable<Row> rows) {
    Map<String, Long> counts = new HashMap<>();
    long nullDevice = 0;
    for (Row row : rows) {
      if (row.isNullAt(0)) {
        nullDevice += row.getLong(1);
      } else {
        counts.put(row.getString(0), row.getLong(1));
      }
    }
    return new Counts(counts, nullDevice);
  }

  private static StructField string(String name) {
    return DataTypes.createStructField(name, DataTypes.StringType, true);
  }
}
