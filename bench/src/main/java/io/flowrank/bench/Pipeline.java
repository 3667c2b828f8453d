package io.flowrank.bench;

import io.flowrank.core.api.Progress;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.ApiClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A fresh embedded broker and streams app, each its own JVM, for one phase of the benchmark
 * (topic names are fixed and the replay log is keyed by file name, so phases share nothing). The
 * producer and the verifier run as children too.
 */
final class Pipeline implements AutoCloseable {

  /**
   * How often a producer's CPU time is polled: its figure is the last value polled before it exits,
   * so up to this much of its end is not counted.
   */
  static final Duration PRODUCER_POLL = Duration.ofMillis(50);

  /** The broker's log folder in a phase's folder: deleted when the phase ends. */
  static final String KAFKA_DATA = "kafka";

  private static final String STATE = "state";

  /** How often the other children's peak memory and CPU time are polled. */
  static final Duration POLL = Duration.ofMillis(200);

  private final Path dir;
  private final String bootstrap;
  private final String endpoint;
  private final ChildJvm broker;
  private final ChildJvm stream;
  private final List<ChildJvm> others = new ArrayList<>();
  private final Children children;

  private Pipeline(
      Path dir,
      String bootstrap,
      String endpoint,
      ChildJvm broker,
      ChildJvm stream,
      Children children) {
    this.dir = dir;
    this.children = children;
    this.bootstrap = bootstrap;
    this.endpoint = endpoint;
    this.broker = broker;
    this.stream = stream;
  }

  /** Starts both and waits until the streams app is healthy. */
  static Pipeline start(Path dir, Children children) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int brokerPort = freePort();
    int httpPort = freePort();
    String bootstrap = "127.0.0.1:" + brokerPort;
    ChildJvm broker = startBroker(dir, brokerPort, children);
    ChildJvm stream = null;
    try {
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "stream",
                  "--bootstrap-servers", bootstrap,
                  "--http", "127.0.0.1:" + httpPort,
                  "--state-dir", dir.resolve(STATE).toString(),
                  "--standby-replicas", "0"));
      arguments.addAll(children.streamArguments());
      stream = ChildJvm.start("stream", dir, arguments, POLL, children);
      String endpoint = "http://127.0.0.1:" + httpPort;
      Pipeline pipeline = new Pipeline(dir, bootstrap, endpoint, broker, stream, children);
      pipeline.awaitHealthy(Duration.ofSeconds(120));
      return pipeline;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (stream != null) {
        stream.close();
      }
      broker.close();
      throw e;
    }
  }

  /**
   * Starts the embedded broker on {@code port} with its log under {@code dir} ({@value #KAFKA_DATA})
   * and waits until it listens; stops it when it does not.
   */
  static ChildJvm startBroker(Path dir, int port, Children children)
      throws IOException, InterruptedException {
    ChildJvm broker =
        ChildJvm.start(
            "broker",
            dir,
            List.of(
                "broker",
                "--port", "" + port,
                "--data-dir", dir.resolve(KAFKA_DATA).toString()),
            POLL,
            children);
    try {
      awaitPort(broker, port, Duration.ofSeconds(90));
      return broker;
    } catch (InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /**
   * Starts {@code flowrank produce} over {@code data} into {@code bootstrap}, {@code
   * filesPerSecond} (0 = unpaced), {@code linesPerRecord} lines per {@code flows} record; its
   * output in {@code dir} under {@code name}.
   */
  static ChildJvm startProducer(
      String name,
      Path dir,
      String bootstrap,
      Path data,
      double filesPerSecond,
      int linesPerRecord,
      Children children)
      throws IOException {
    return ChildJvm.start(
        name,
        dir,
        List.of(
            "produce",
            "--bootstrap-servers", bootstrap,
            "--data", data.toString(),
            "--files-per-second", Double.toString(filesPerSecond),
            "--lines-per-record", Integer.toString(linesPerRecord)),
        PRODUCER_POLL,
        children);
  }

  String bootstrap() {
    return bootstrap;
  }

  String endpoint() {
    return endpoint;
  }

  /** Starts {@code flowrank produce} over {@code data}, as fast as it can, default framing. */
  ChildJvm produce(Path data) throws IOException {
    return produce(data, 0, FlowFrame.DEFAULT_LINES_PER_RECORD);
  }

  /**
   * Starts {@code flowrank produce} over {@code data}, {@code filesPerSecond} (0 = unpaced), {@code
   * linesPerRecord} lines per {@code flows} record.
   */
  ChildJvm produce(Path data, double filesPerSecond, int linesPerRecord) throws IOException {
    ChildJvm producer =
        startProducer(
            "producer-" + others.size(),
            dir,
            bootstrap,
            data,
            filesPerSecond,
            linesPerRecord,
            children);
    others.add(producer);
    return producer;
  }

  /**
   * Starts {@code flowrank produce --watch} on {@code folder}: a producer that stays up and replays
   * each file that appears there, as fast as it can, default framing.
   */
  ChildJvm watch(Path folder) throws IOException {
    ChildJvm producer =
        ChildJvm.start(
            "producer-" + others.size() + "-watching",
            dir,
            List.of("produce", "--bootstrap-servers", bootstrap, "--data", folder.toString(),
                "--watch"),
            PRODUCER_POLL,
            children);
    others.add(producer);
    return producer;
  }

  /** Starts measuring a replay: call just before {@link #produce} (see {@link ReplayMeter}). */
  ReplayMeter meter() {
    return new ReplayMeter(broker, stream, bootstrap);
  }

  /**
   * Replays {@code data} unpaced with {@code linesPerRecord} lines per record and waits until the
   * streams app is caught up with {@code filesAfter} files in all; what the replay of {@code files}
   * (the batch names it sends) cost.
   */
  ReplayCost replay(
      Path data, Collection<String> files, long filesAfter, int linesPerRecord, Duration timeout)
      throws IOException, InterruptedException {
    ReplayMeter meter = meter();
    ChildJvm producer = produce(data, 0, linesPerRecord);
    awaitCaughtUp(filesAfter, producer, timeout);
    return meter.caughtUp(producer, data, files, linesPerRecord);
  }

  /** Runs {@code flowrank verify} over {@code data} against this streams app; its exit code. */
  int verify(Path data) throws IOException, InterruptedException {
    try (ChildJvm verifier =
        ChildJvm.start(
            "verifier-" + others.size(),
            dir,
            List.of("verify", "--data", data.toString(), "--endpoint", endpoint, "--timeout", "5m"),
            POLL,
            children)) {
      OptionalInt code = verifier.await(Duration.ofMinutes(6));
      if (code.isEmpty()) {
        throw new IllegalStateException("the verifier did not finish in 6 minutes");
      }
      return code.getAsInt();
    }
  }

  /**
   * Waits until {@code /api/progress} says caught up with {@code files} files committed; fails when
   * the producer exits with an error first.
   */
  void awaitCaughtUp(long files, ChildJvm producer, Duration timeout)
      throws InterruptedException {
    awaitCaughtUp(files, producer, timeout, Map.of(stream, streamEndpoint()), dir);
  }

  /**
   * Waits until every streams app of {@code streams} says caught up with {@code files} files
   * committed on its {@code /api/progress}; returns the records the last one counted. Fails when
   * the producer exits with an error or a streams app dies first.
   *
   * @param logs where the processes' logs are, for the message when it fails
   */
  static long awaitCaughtUp(
      long files,
      ChildJvm producer,
      Duration timeout,
      Map<ChildJvm, ApiClient> streams,
      Path logs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long records = -1;
      for (Map.Entry<ChildJvm, ApiClient> app : streams.entrySet()) {
        if (!app.getKey().isAlive()) {
          throw new IllegalStateException(
              "the streams app " + app.getKey().name() + " died:\n" + app.getKey().tail());
        }
        try {
          Progress progress = app.getValue().progress(Duration.ofSeconds(30));
          records = progress.caughtUp() && progress.filesCommitted() >= files ? progress.records() : -1;
        } catch (ApiException notReadyNow) {
          // 503 while a rebalance settles: ask again
          records = -1;
        }
        if (records < 0) {
          break;
        }
      }
      if (records >= 0) {
        return records;
      }
      if (!producer.isAlive()) {
        OptionalInt code = producer.await(Duration.ZERO);
        if (code.isPresent() && code.getAsInt() != 0) {
          throw new IllegalStateException(
              "the producer failed (exit " + code.getAsInt() + "):\n" + producer.tail());
        }
      }
      // /api/progress asks the cluster for offsets: not cheaper than this, or it slows what it measures.
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "not caught up after " + timeout.toSeconds() + " s; see " + logs);
  }

  /** The verifier's client of this streams app: progress and counts. */
  /** The streams app's state directory (under the phase's folder; deleted when it closes). */
  Path stateDir() {
    return dir.resolve(STATE);
  }

  ApiClient streamEndpoint() {
    return new ApiClient(URI.create(endpoint), Duration.ofSeconds(5));
  }

  /** Memory figures of the streams app so far. */
  ProcessMemory streamMemory() {
    return stream.memory();
  }

  /** Memory figures of every process of this phase so far. */
  List<ProcessMemory> memory() {
    List<ProcessMemory> all = new ArrayList<>();
    all.add(broker.memory());
    all.add(stream.memory());
    for (ChildJvm other : others) {
      all.add(other.memory());
    }
    return all;
  }

  /** Stops the streams app (cleanly: its stores flushed to disk); the broker runs on. */
  void stopStream() {
    stream.close();
  }

  /**
   * Stops every process, then deletes the broker's log and the streams app's state (a phase of 10M
   * rows leaves over a GB of them, and nothing reads them after); the logs stay.
   */
  @Override
  public void close() {
    for (ChildJvm other : others) {
      other.close();
    }
    stream.close();
    broker.close();
    for (Path data : List.of(dir.resolve(KAFKA_DATA), dir.resolve(STATE))) {
      try {
        BenchData.delete(data);
      } catch (IOException e) {
        System.err.printf("bench: could not delete %s: %s%n", data, e.getMessage());
      }
    }
  }

  private void awaitHealthy(Duration timeout) throws InterruptedException {
    StreamApi api = new StreamApi(endpoint);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!api.healthy()) {
      if (!stream.isAlive()) {
        throw new IllegalStateException("the streams app did not start:\n" + stream.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the streams app is not healthy after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static void awaitPort(ChildJvm broker, int port, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (!broker.isAlive()) {
          throw new IllegalStateException("the broker did not start:\n" + broker.tail());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker does not listen after " + timeout);
        }
        Thread.sleep(100);
      }
    }
  }

  /** A port nobody listens on now (the OS's choice). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
