package io.flowrank.producer;

import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.kafka.KafkaClientConfig;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.core.rules.WebPorts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The validated settings of one replay ({@code flowrank produce}) and the Kafka client properties
 * built from them. Client properties are layered the same way for every client: flowrank's
 * defaults, then the command's settings, then the user's {@code --config} properties applied last,
 * so SASL/SSL settings and any tuning there win.
 *
 * @param bootstrapServers the Kafka bootstrap servers
 * @param data a file or a folder of files to replay
 * @param filesPerSecond how many batches to start per second (a file that fits in one batch is one
 *     batch); 0 = as fast as possible
 * @param partitions the partition count of {@code flows} and {@code flows-rejected} when they are
 *     created
 * @param transactionalId the {@code --transactional-id} given, or null for the id derived from the
 *     input ({@link TransactionalIds}); see {@link #transactionalId(List)}
 * @param maxRecordBytes lines larger than this are not sent to {@code flows} but rejected as {@code
 *     TOO_LARGE}
 * @param linesPerRecord lines packed into one {@code flows} record ({@code FlowFrame}); 1 for one
 *     flow per record
 * @param clientConfig the user's {@code --config} properties (never null; an empty set when none)
 * @param rowsPerBatch lines per batch: a longer source is sent as consecutive batches, one
 *     transaction and one replay-log entry each
 * @param stdinName the batch name of standard input ({@code --data -})
 * @param webPorts the web ports of the streams app: the producer judges which lines are web flows
 *     to keep the data-time watermark it stamps on each frame (docs/design.md, "Time"), and judged
 *     frames carry what it found
 * @param frames how frames carry their lines: judged by the producer ({@code JudgedFrame}), or as
 *     they came; frames of one line always carry it as it came
 * @param watch whether the producer stays up once the folder {@code data} is replayed and replays
 *     each file that appears in it later ({@code --watch}), until stopped
 */
public record ProducerSettings(
    String bootstrapServers,
    Path data,
    double filesPerSecond,
    int partitions,
    String transactionalId,
    int maxRecordBytes,
    int linesPerRecord,
    Properties clientConfig,
    int rowsPerBatch,
    String stdinName,
    WebPorts webPorts,
    FlowFrame.Form frames,
    boolean watch) {

  /**
   * Lines per batch when not told: the notebook split at 10,000, a day file holds 2.5e8. Each batch
   * (or group of small ones) is a transaction, and a transaction costs the producer, the broker and
   * the streams app far more than its round trip: 250,000 lines per 10M rows cut the pipeline's CPU
   * by a tenth to a fifth against 100,000 (README "Performance", issue 20).
   */
  public static final int DEFAULT_ROWS_PER_BATCH = 250_000;

  /** The batch name of standard input when not told. */
  public static final String DEFAULT_STDIN_NAME = "stdin";

  /** {@code --data -}: standard input. */
  public static final Path STDIN = Path.of("-");

  public ProducerSettings {
    requireText(bootstrapServers, "bootstrap servers");
    Objects.requireNonNull(data, "data");
    if (Double.isNaN(filesPerSecond) || Double.isInfinite(filesPerSecond) || filesPerSecond < 0) {
      throw new IllegalArgumentException(
          "files per second must be a finite number >= 0 (0 = as fast as possible), got "
              + filesPerSecond);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (transactionalId != null) {
      requireText(transactionalId, "transactional id");
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException(
          "max record bytes must be at least 1, got " + maxRecordBytes);
    }
    if (linesPerRecord < 1) {
      throw new IllegalArgumentException(
          "lines per record must be at least 1, got " + linesPerRecord);
    }
    clientConfig = copy(clientConfig);
    if (rowsPerBatch < 1) {
      throw new IllegalArgumentException("rows per batch must be at least 1, got " + rowsPerBatch);
    }
    Objects.requireNonNull(webPorts, "webPorts");
    Objects.requireNonNull(frames, "frames");
    requireText(stdinName, "name of standard input");
    if (stdinName.contains("#") || stdinName.contains("/")) {
      throw new IllegalArgumentException(
          "the name of standard input may hold neither '#' nor '/', got '" + stdinName + "'");
    }
    if (watch && STDIN.equals(data)) {
      throw new IllegalArgumentException("--watch watches a folder, not standard input");
    }
  }

  /**
   * The {@code transactional.id} of a replay of sources with these batch names: the one given, or
   * else the one derived from the names ({@link TransactionalIds}). A rerun of the same input gets
   * the same id and fences and aborts what a crashed run left open; another input gets another.
   */
  public String transactionalId(List<String> sourceNames) {
    if (transactionalId != null) {
      return transactionalId;
    }
    // A watched folder's files come and go: its id is the folder's, by name.
    return watch
        ? TransactionalIds.watching(data.toAbsolutePath().normalize().getFileName())
        : TransactionalIds.derived(sourceNames);
  }

  /** Whether frames carry their lines judged: {@link FlowFrame.Form#JUDGED} and more than one line. */
  public boolean judgedFrames() {
    return frames == FlowFrame.Form.JUDGED && linesPerRecord > 1;
  }

  /** True when the data is standard input ({@code -}). */
  public boolean readsStdin() {
    return STDIN.equals(data);
  }

  /** Settings with every default: full speed, default partitions and limits, a derived id. */
  public static ProducerSettings of(String bootstrapServers, Path data) {
    return builder(bootstrapServers, data).build();
  }

  /** A builder that starts from the defaults of {@link #of}. */
  public static Builder builder(String bootstrapServers, Path data) {
    return new Builder(bootstrapServers, data);
  }

  /**
   * Collects the settings one by one, the others keeping their defaults; {@link #build()} checks
   * them all (in the record's constructor, the one place that does).
   */
  public static final class Builder {
    private final String bootstrapServers;
    private final Path data;
    private double filesPerSecond;
    private int partitions = TopicSetup.DEFAULT_PARTITIONS;
    private String transactionalId;
    private int maxRecordBytes = Limits.DEFAULT_MAX_RECORD_BYTES;
    // Null: the default of the frames' form.
    private Integer linesPerRecord;
    private Properties clientConfig = new Properties();
    private int rowsPerBatch = DEFAULT_ROWS_PER_BATCH;
    private String stdinName = DEFAULT_STDIN_NAME;
    private WebPorts webPorts = WebPorts.DEFAULT;
    private FlowFrame.Form frames = FlowFrame.Form.JUDGED;
    private boolean watch;

    private Builder(String bootstrapServers, Path data) {
      this.bootstrapServers = bootstrapServers;
      this.data = data;
    }

    public Builder filesPerSecond(double value) {
      filesPerSecond = value;
      return this;
    }

    public Builder partitions(int value) {
      partitions = value;
      return this;
    }

    /** The {@code transactional.id} to use; null (the default) derives it from the input. */
    public Builder transactionalId(String value) {
      transactionalId = value;
      return this;
    }

    public Builder maxRecordBytes(int value) {
      maxRecordBytes = value;
      return this;
    }

    /** Lines per record; null (the default) for the default of the frames' form. */
    public Builder linesPerRecord(Integer value) {
      linesPerRecord = value;
      return this;
    }

    /** The user's {@code --config} properties; null for none. */
    public Builder clientConfig(Properties value) {
      clientConfig = value;
      return this;
    }

    public Builder rowsPerBatch(int value) {
      rowsPerBatch = value;
      return this;
    }

    public Builder stdinName(String value) {
      stdinName = value;
      return this;
    }

    public Builder webPorts(WebPorts value) {
      webPorts = value;
      return this;
    }

    public Builder frames(FlowFrame.Form value) {
      frames = value;
      return this;
    }

    /** Whether to watch the folder for new files once it is replayed (default false). */
    public Builder watch(boolean value) {
      watch = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when one is out of range (the message names it)
     */
    public ProducerSettings build() {
      return new ProducerSettings(
          bootstrapServers,
          data,
          filesPerSecond,
          partitions,
          transactionalId,
          maxRecordBytes,
          linesPerRecord != null ? linesPerRecord : frames.defaultLinesPerRecord(),
          clientConfig,
          rowsPerBatch,
          stdinName,
          webPorts,
          frames,
          watch);
    }
  }

  /** A copy: the settings stay immutable whatever the caller does with it. */
  @Override
  public Properties clientConfig() {
    return copy(clientConfig);
  }

  /**
   * The properties of the transactional producer: defaults (acks=all, idempotence, lz4, batching,
   * byte-array serializers), then {@code bootstrap.servers} and {@code transactionalId} (the
   * replay's, {@link #transactionalId(List)}), then the user's {@code --config}.
   */
  public Properties producerProperties(String transactionalId) {
    Properties defaults = new Properties();
    defaults.put(ProducerConfig.ACKS_CONFIG, "all");
    defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Throughput: large lz4 batches (one file's records are ~200 bytes each and compress ~3x), a
    // buffer that holds several of them, and batches filled one partition at a time: the record
    // keys (FlowKey) only say where a line came from, they must not scatter a file's records.
    defaults.put(ProducerConfig.LINGER_MS_CONFIG, "15");
    defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
    defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    defaults.put(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, "true");
    defaults.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    defaults.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    Properties command = new Properties();
    command.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    command.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return KafkaClientConfig.merge(KafkaClientConfig.merge(defaults, command), clientConfig);
  }

  /**
   * The properties of the consumer that reads the replay log. The user's {@code --config} applies
   * (for SASL/SSL), but what the skip decision depends on is set last and cannot be overridden:
   * only committed entries are read, and nothing is committed to a group.
   */
  public Properties replayLogConsumerProperties() {
    Properties base = new Properties();
    base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // The log is read once to its end: a short fetch wait lets the consumer close without waiting
    // for an empty fetch at the end.
    base.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    Properties fixed = new Properties();
    fixed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    fixed.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    fixed.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    fixed.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return KafkaClientConfig.merge(KafkaClientConfig.merge(base, clientConfig), fixed);
  }

  /** The properties of the admin client that creates missing topics. */
  public Properties adminProperties() {
    Properties base = new Properties();
    base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return KafkaClientConfig.merge(base, clientConfig);
  }

  /** The producer properties as they may be logged: sorted, secrets hidden. */
  public Map<String, String> loggableProducerProperties(String transactionalId) {
    return KafkaClientConfig.redacted(producerProperties(transactionalId));
  }

  /** Like a record's, but with the client config redacted: settings may end up in a log. */
  @Override
  public String toString() {
    return "ProducerSettings[bootstrapServers="
        + bootstrapServers
        + ", data="
        + data
        + ", filesPerSecond="
        + filesPerSecond
        + ", partitions="
        + partitions
        + ", transactionalId="
        + (transactionalId == null ? "derived from the input" : transactionalId)
        + ", maxRecordBytes="
        + maxRecordBytes
        + ", linesPerRecord="
        + linesPerRecord
        + (watch ? ", watch" : "")
        + ", clientConfig="
        + KafkaClientConfig.redacted(clientConfig)
        + "]";
  }

  private static Properties copy(Properties properties) {
    Properties copy = new Properties();
    if (properties != null) {
      copy.putAll(properties);
    }
    return copy;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
