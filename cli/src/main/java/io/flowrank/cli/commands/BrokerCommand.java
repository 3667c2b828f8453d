package io.flowrank.cli.commands;

import io.flowrank.cli.broker.EmbeddedKafkaBroker;
import io.flowrank.core.command.ExitCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowrank broker}: the embedded single-node KRaft broker alone, until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Runs a single-node Apache Kafka broker (KRaft) on 127.0.0.1 and prints its address.")
public final class BrokerCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Broker port (default: ${DEFAULT-VALUE}; 0 = a free port).",
      defaultValue = "9092")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Log directory, kept across runs (default: a temporary one, deleted at exit).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + port);
    }
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(port, dataDir, Map.of()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "flowrank-broker-shutdown"));
    System.out.println("bootstrap servers: " + broker.bootstrapServers());
    System.out.println("flowrank broker: running (Ctrl-C to stop)");
    System.out.flush();
    stopped.await();
    return ExitCode.OK;
  }
}
