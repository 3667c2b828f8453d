package io.flowrank.cli.commands;

import io.flowrank.cli.DurationConverter;
import io.flowrank.cli.HostPort;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.Membership;
import io.flowrank.streams.StreamsApp;
import io.flowrank.streams.StreamsSettings;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowrank stream}: the Kafka Streams app and its HTTP API, until Ctrl-C. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "Counts web flows per dstdevice with Kafka Streams and serves them over HTTP.")
public final class StreamCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(StreamCommand.class);

  @Mixin KafkaOptions kafka;

  @Mixin HttpOption http;

  @Mixin PartitionsOption topics;

  @Option(
      names = "--application-server",
      paramLabel = "HOST:PORT",
      converter = HostPort.Converter.class,
      description = "Address other instances reach this one at (default: the HTTP address).")
  HostPort applicationServer;

  @Option(
      names = "--ports",
      paramLabel = "P[,P...]",
      description = "Web ports (default: ${DEFAULT-VALUE}).",
      defaultValue = "80,443")
  String ports;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory.")
  Path stateDir;

  @Mixin ApplicationIdOption application;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Stream threads (default: " + StreamsSettings.DEFAULT_THREADS + ": while one waits for"
              + " its exactly-once commit, the other processes; 1 under --group-protocol streams).")
  Integer threads;

  @Option(
      names = "--standby-replicas",
      paramLabel = "N",
      description =
          "Warm copies of each store on other instances, for fail-over and ?stale=true reads "
              + "(default: ${DEFAULT-VALUE}).",
      defaultValue = "" + StreamsSettings.DEFAULT_STANDBY_REPLICAS)
  int standbyReplicas;

  @Option(
      names = "--session-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a silent instance keeps its partitions before the others take them over"
              + " (default: ${DEFAULT-VALUE}; raised to the broker's group.min.session.timeout.ms"
              + " when below it).",
      defaultValue = "3s")
  Duration sessionTimeout;

  @Option(
      names = "--window",
      paramLabel = "SIZE|off",
      converter = TimeOptions.WindowSize.class,
      defaultValue = "1h",
      description =
          "Tumbling windows of data time (the flows' own time), each starting at a multiple of its"
              + " size, ranked and queried like all time, and the webserver-events; off (or 0) for"
              + " none (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Mixin TimeOptions time;

  @Option(
      names = "--group-protocol",
      paramLabel = "classic|streams",
      description =
          "Rebalance protocol (default: ${DEFAULT-VALUE}; streams is KIP-1071, see README"
              + " \"Recovery\").",
      defaultValue = "classic")
  String groupProtocol;

  @Override
  public Integer call() throws Exception {
    StreamsSettings settings = settings();
    StreamsApp app = startOrExplain(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  app.close();
                  stopped.countDown();
                },
                "flowrank-stream-shutdown"));
    System.out.println("flowrank stream: HTTP API on " + app.httpUrl() + " (Ctrl-C to stop)");
    while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      KafkaStreams.State state = app.streams().state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
        if (app.failure().isPresent()) {
          throw app.failure().get(); // the shutdown hook closes the app on the way out
        }
        LOG.error("Kafka Streams is {}; exiting", state);
        return ExitCode.FAILURE;
      }
    }
    return ExitCode.OK;
  }

  StreamsSettings settings() throws java.io.IOException {
    WebPorts webPorts;
    try {
      webPorts = WebPorts.parse(ports);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--ports: " + e.getMessage());
    }
    Membership.Protocol protocol;
    Membership membership;
    try {
      protocol = Membership.Protocol.parse(groupProtocol);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--group-protocol: " + e.getMessage());
    }
    try {
      membership = new Membership(protocol, sessionTimeout);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--session-timeout: " + e.getMessage());
    }
    int streamThreads = threads == null ? StreamsSettings.DEFAULT_THREADS : threads;
    if (membership.protocol() == Membership.Protocol.STREAMS) {
      // Kafka 4.3's streams protocol announces one stream thread's partitions per instance to
      // interactive queries: with two threads, half the partitions would look unserved forever.
      if (threads != null && threads > 1) {
        throw new UserInputException(
            "--group-protocol streams works with one stream thread on Kafka "
                + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + " (interactive queries would see half the partitions): drop --threads " + threads);
      }
      streamThreads = 1;
    }
    return new StreamsSettings(
        kafka.bootstrapServers(),
        application.applicationId(),
        http.address().host(),
        http.address().port(),
        Optional.ofNullable(applicationServer).map(HostPort::toString),
        webPorts,
        Optional.ofNullable(stateDir),
        topics.partitions(),
        streamThreads,
        standbyReplicas,
        membership,
        kafka.clientConfig(),
        time.settings(window));
  }

  /** Starts the app; a port in use is the user's to fix, not a crash. */
  public static StreamsApp startOrExplain(StreamsSettings settings) throws Exception {
    try {
      return StreamsApp.start(settings);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null) {
        if (cause instanceof BindException) {
          throw new UserInputException(
              "cannot listen on " + settings.httpHost() + ":" + settings.httpPort() + ": "
                  + cause.getMessage() + " (choose another with --http HOST:PORT)");
        }
        cause = cause.getCause();
      }
      throw e;
    }
  }
}
