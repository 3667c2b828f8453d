package io.flowrank.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.Wire;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.api.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * (g) Recovery (issue 13; README "Performance" has the method): two {@code flowrank stream}
 * instances of one application ({@code --standby-replicas 1}) on a fresh broker and a small data
 * set. {@value #ROUNDS} fail-over rounds kill the instance on the higher port (SIGKILL) and time the
 * survivor's first complete answer; {@value #ROUNDS} restart rounds relaunch it at once, same
 * arguments and state folder (so the same static member), and time its own. A complete answer is a
 * 200 of {@code /api/top?n=20} equal to the reference, the answer once both were caught up; a 200
 * unlike it is a wrong answer, which makes the bench exit "different". No time is asserted.
 */
final class RecoveryPhase {

  static final String PHASE = "g recovery";

  /** Rounds of each kind; the figures are their min, median and max. */
  static final int ROUNDS = 5;

  /** The data set: small, so the rounds measure recovery, not restoring large stores. */
  static final long ROWS = 80_000;

  static final int FILES = 4;

  private static final int TOP = 20;
  private static final long POLL_MILLIS = 50;
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Between rounds, once both answer: the follow-ups of the last rebalance (standby tasks catching
   * up, the group settling) stay out of the next round's figure.
   */
  private static final Duration CALM = Duration.ofSeconds(5);

  /** How long an awaited answer may take before the phase gives up: a broken app, not a slow one. */
  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  private final PhaseFigures figures;
  private final Children children;
  private long wrongAnswers;

  RecoveryPhase(PhaseFigures figures, Children children) {
    this.figures = figures;
    this.children = children;
  }

  /**
   * Replays {@code data} ({@value #FILES} files) into a fresh broker and two instances, then runs
   * the rounds. Every process is stopped, and the broker's log and the state folders deleted, on
   * every way out; the logs stay in {@code runDir}.
   */
  void run(Path data, Path runDir) throws IOException, InterruptedException {
    Files.createDirectories(runDir);
    List<String> files = BenchData.fileNames(data);
    int brokerPort = Pipeline.freePort();
    int first = Pipeline.freePort();
    int second = Pipeline.freePort();
    String bootstrap = "127.0.0.1:" + brokerPort;
    PhaseFigures.log(
        "(g) recovery: %d files of %s, a fresh broker and two streams app instances"
            + " (standby replicas 1), %d fail-over and %d restart rounds",
        files.size(), data, ROUNDS, ROUNDS);
    List<Instance> instances = new ArrayList<>();
    ChildJvm broker = null;
    try {
      broker = Pipeline.startBroker(runDir, brokerPort, children);
      Instance survivor =
          new Instance("stream-1", Math.min(first, second), bootstrap, runDir);
      Instance victim = new Instance("stream-2", Math.max(first, second), bootstrap, runDir);
      instances.add(survivor);
      instances.add(victim);
      survivor.launch();
      victim.launch();
      long rows;
      try (ChildJvm producer =
          Pipeline.startProducer(
              "producer", runDir, bootstrap, data, 0, FlowFrame.DEFAULT_LINES_PER_RECORD,
              children)) {
        // Insertion order: the survivor's count is the one returned (both are the same once caught up).
        Map<ChildJvm, ApiClient> both = new LinkedHashMap<>();
        both.put(victim.process, victim.endpoint);
        both.put(survivor.process, survivor.endpoint);
        rows =
            Pipeline.awaitCaughtUp(files.size(), producer, Duration.ofMinutes(10), both, runDir);
        producer.awaitSuccess(ReplayMeter.PRODUCER_EXIT);
      }
      TopAnswer reference = awaitAnswer(survivor, null, "the reference").answer();
      awaitAnswer(victim, reference, "the second instance's first answer");
      if (!children.classData().hasArchive("stream")) {
        writeArchive(victim, reference);
      }
      settle(survivor, victim, reference);
      figures.report().add(PHASE, "rows", rows, "");

      double[] failOver = new double[ROUNDS];
      int fewestActive = Integer.MAX_VALUE;
      for (int round = 1; round <= ROUNDS; round++) {
        List<Integer> active = activePartitions(survivor, victim);
        fewestActive = Math.min(fewestActive, active.size());
        long killed = System.nanoTime();
        int exit = victim.kill();
        Answered answer = awaitAnswer(survivor, reference, "fail-over round " + round);
        failOver[round - 1] = (answer.atNanos() - killed) / 1e9;
        PhaseFigures.log(
            "(g) fail-over round %d: %.2f s from the kill of %s (exit %d; active for partitions %s)"
                + " to %s's complete answer",
            round, failOver[round - 1], victim.name, exit, active, survivor.name);
        victim.launch();
        settle(survivor, victim, reference);
      }

      double[] restart = new double[ROUNDS];
      for (int round = 1; round <= ROUNDS; round++) {
        List<Integer> active = activePartitions(survivor, victim);
        fewestActive = Math.min(fewestActive, active.size());
        int exit = victim.kill();
        long relaunched = System.nanoTime();
        victim.launch();
        Answered answer = awaitAnswer(victim, reference, "restart round " + round);
        restart[round - 1] = (answer.atNanos() - relaunched) / 1e9;
        PhaseFigures.log(
            "(g) restart round %d: %.2f s from the relaunch of %s (killed: exit %d; active for"
                + " partitions %s) to its complete answer",
            round, restart[round - 1], victim.name, exit, active);
        settle(survivor, victim, reference);
      }

      figures.rounds(PHASE, "fail-over, kill to the survivor's answer", failOver);
      figures.rounds(PHASE, "restart, relaunch to its answer", restart);
      figures
          .report()
          .add(
              PHASE,
              "partitions the killed instance was active for, fewest in a round",
              fewestActive,
              "");
      figures.wrongAnswers(PHASE, "200 answers unlike the reference", wrongAnswers);
    } finally {
      for (Instance instance : instances) {
        instance.close();
      }
      if (broker != null) {
        broker.close();
      }
      deleteData(runDir, instances);
    }
  }

  /**
   * The first children of a command write its class-data archive when they exit, and a killed one
   * never does: without an archive yet (the first run after a build), the victim is stopped cleanly
   * once and relaunched, not timed, so that its relaunches start as {@code ./flowrank}'s do.
   */
  private void writeArchive(Instance victim, TopAnswer reference)
      throws IOException, InterruptedException {
    PhaseFigures.log("(g) no class-data archive of the streams app yet: %s stopped and relaunched"
        + " once to write it (not timed)", victim.name);
    victim.stop();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // The archive is moved into place when the JDK reports the exit, on a thread of its own.
    while (!children.classData().hasArchive("stream") && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    victim.launch();
    awaitAnswer(victim, reference, "the relaunch that wrote the archive");
  }

  /**
   * Waits until both instances answer the reference and the victim is active for some partition
   * again (up to a minute: the figure of the fewest active partitions then shows a round that took
   * nothing from the survivor), then {@link #CALM}.
   */
  private void settle(Instance survivor, Instance victim, TopAnswer reference)
      throws InterruptedException {
    awaitAnswer(victim, reference, victim.name + " answering again");
    awaitAnswer(survivor, reference, survivor.name + " answering again");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (activePartitions(survivor, victim).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(CALM.toMillis());
  }

  /** An answer equal to the reference, and when it came. */
  private record Answered(TopAnswer answer, long atNanos) {}

  /**
   * Polls {@code /api/top?n=20} of {@code instance} every {@value #POLL_MILLIS} ms until it answers
   * 200 with {@code reference} (any 200 when {@code reference} is null); other 200s are counted as
   * wrong answers. Fails when the instance dies or {@link #GIVE_UP} passes.
   */
  private Answered awaitAnswer(Instance instance, TopAnswer reference, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    String lastSeen = "nothing yet";
    while (System.nanoTime() < deadline) {
      try {
        StreamApi.Answer<TopAnswer> answer = instance.api.top(TOP);
        long at = System.nanoTime();
        if (answer.status() == 200) {
          if (reference == null || reference.equals(answer.value())) {
            return new Answered(answer.value(), at);
          }
          wrongAnswers++;
          PhaseFigures.log(
              "(g) WRONG ANSWER from %s while waiting for %s: %s instead of %s",
              instance.name, what, abbreviated(answer.value()), abbreviated(reference));
        }
        lastSeen = "HTTP " + answer.status();
      } catch (IOException notYet) {
        lastSeen = notYet.toString();
      }
      if (!instance.process.isAlive()) {
        throw new IllegalStateException(
            instance.name + " died while waiting for " + what + ":\n" + instance.process.tail());
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException(
        "no complete answer from " + instance.name + " for " + what + " within "
            + GIVE_UP.toSeconds() + " s (last: " + lastSeen + "); see " + instance.process.output());
  }

  /**
   * The partitions of {@code webserver-counts} the victim is active for, as the survivor's {@code
   * /api/cluster} tells; empty when it cannot tell.
   */
  private static List<Integer> activePartitions(Instance survivor, Instance victim) {
    try {
      StreamApi.Answer<ClusterAnswer> answer = survivor.api.cluster();
      if (answer.status() != 200) {
        return List.of();
      }
      return answer.value().instances().stream()
          .filter(instance -> instance.host().equals(victim.host()))
          .findFirst()
          .map(ClusterAnswer.Instance::active)
          .orElse(List.of());
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The answer's JSON, as the streams app wrote it, cut to 300 characters for a log line. */
  private static String abbreviated(TopAnswer answer) {
    String body;
    try {
      body = Wire.JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  /** The broker's log and the instances' state: deleted like every phase's; the logs stay. */
  private static void deleteData(Path runDir, List<Instance> instances) {
    List<Path> data = new ArrayList<>();
    data.add(runDir.resolve(Pipeline.KAFKA_DATA));
    instances.forEach(instance -> data.add(instance.stateDir));
    for (Path dir : data) {
      try {
        BenchData.delete(dir);
      } catch (IOException e) {
        System.err.printf("bench: could not delete %s: %s%n", dir, e.getMessage());
      }
    }
  }

  /**
   * One {@code flowrank stream} of the pair, launched again and again with exactly the same
   * arguments: its address is its static member id, its state folder its stores. Each launch logs
   * to a file of its own.
   */
  private final class Instance implements AutoCloseable {

    final String name;
    final int port;
    final Path stateDir;
    final StreamApi api;
    final ApiClient endpoint;
    private final Path runDir;
    private final List<String> arguments;
    private ChildJvm process;
    private int launches;

    Instance(String name, int port, String bootstrap, Path runDir) {
      this.name = name;
      this.port = port;
      this.runDir = runDir;
      this.stateDir = runDir.resolve("state-" + name);
      String base = "http://" + host();
      this.api = new StreamApi(base, HTTP_TIMEOUT, HTTP_TIMEOUT);
      this.endpoint = new ApiClient(URI.create(base), HTTP_TIMEOUT);
      List<String> launch =
          new ArrayList<>(
              List.of(
                  "stream",
                  "--bootstrap-servers", bootstrap,
                  "--http", host(),
                  "--state-dir", stateDir.toString(),
                  "--standby-replicas", "1"));
      launch.addAll(children.streamArguments());
      this.arguments = List.copyOf(launch);
    }

    String host() {
      return "127.0.0.1:" + port;
    }

    void launch() throws IOException {
      launches++;
      String log = launches == 1 ? name : name + "-launch-" + launches;
      process = ChildJvm.start(log, runDir, arguments, Pipeline.POLL, children);
    }

    /** SIGKILL; its exit code. */
    int kill() throws InterruptedException {
      return process.kill();
    }

    /** A clean stop (SIGTERM). */
    void stop() {
      process.close();
    }

    @Override
    public void close() {
      Optional.ofNullable(process).ifPresent(ChildJvm::close);
    }
  }
}
