package io.flowrank.peer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The notebook's query in the three ways the peer benchmark times it, each on a session made
 * before the clock starts (the JVM and the session are not the query's). Each run's clock runs
 * from the query's first call to its last result, then the result is read from where the query
 * left it.
 *
 * <p>The streams end with {@link Trigger#AvailableNow()}: the query takes what its source holds
 * when it starts (every file of the folder; the topic up to its end offsets), unthrottled that is
 * one micro-batch, and then stops by itself, so {@code awaitTermination} returns at the end of the
 * last batch, committed. {@code processAllAvailable} would do the same work, but Spark documents it
 * for tests, and the query would then have to be stopped by hand after its end.
 */
final class SparkRun {

  /** The memory sink's table, as in the notebook. */
  private static final String TABLE = "counts";

  /**
   * The result of one run.
   *
   * @param seconds from the query's start to its last result
   * @param counts its counts
   * @param detail what else the run tells (a stream's micro-batches), or empty
   */
  record Timed(double seconds, Counts counts, String detail) {}

  private final SparkSession spark;

  SparkRun(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The notebook's static DataFrame: {@code spark.read.json(folder)}, which reads every file once
   * to infer the schema as the notebook's does, then the query, every row collected (the notebook
   * shows 20; the comparison needs them all, a few thousand rows).
   */
  Timed batch(Path folder) {
    long start = System.nanoTime();
    Dataset<Row> flows = spark.read().json(folder.toString());
    Counts counts =
        NotebookQuery.counts(NotebookQuery.webServers(flows).collectAsList());
    return new Timed(seconds(start), counts, "");
  }

  /**
   * Structured Streaming over the folder with no {@code maxFilesPerTrigger} (the notebook read one
   * file per trigger, which measures its pacing, not Spark), complete mode into the memory sink.
   */
  Timed files(Path folder, Path checkpoint, int shufflePartitions)
      throws TimeoutException, StreamingQueryException {
    spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
    long start = System.nanoTime();
    Dataset<Row> flows =
        spark.readStream().schema(NotebookQuery.FLOW_SCHEMA).json(folder.toString());
    return stream(flows, checkpoint, start);
  }

  /**
   * Structured Streaming on a Kafka topic of one JSON line per record ({@code flowrank produce
   * --lines-per-record 1}), from its first offset, each value parsed with {@code from_json}. The
   * producer writes in transactions: read committed, as any consumer of the topic should.
   */
  Timed kafka(String bootstrapServers, String topic, Path checkpoint, int shufflePartitions)
      throws TimeoutException, StreamingQueryException {
    spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
    long start = System.nanoTime();
    Dataset<Row> records =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .option("kafka.isolation.level", "read_committed")
            .load();
    Dataset<Row> flows =
        records
            .select(from_json(col("value").cast("string"), NotebookQuery.FLOW_SCHEMA).alias("flow"))
            .select("flow.*");
    return stream(flows, checkpoint, start);
  }

  private Timed stream(Dataset<Row> flows, Path checkpoint, long start)
      throws TimeoutException, StreamingQueryException {
    StreamingQuery query =
        NotebookQuery.webServers(flows)
            .writeStream()
            .format("memory")
            .queryName(TABLE)
            .outputMode("complete")
            .option("checkpointLocation", checkpoint.toString())
            .trigger(Trigger.AvailableNow())
            .start();
    query.awaitTermination();
    double seconds = seconds(start);
    // Evidence that the stream was unthrottled: one micro-batch over all its input.
    long batches =
        Arrays.stream(query.recentProgress()).filter(p -> p.numInputRows() > 0).count();
    return new Timed(
        seconds,
        NotebookQuery.counts(spark.table(TABLE).collectAsList()),
        batches + (batches == 1 ? " micro-batch" : " micro-batches"));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
