package io.flowrank.cli.commands;

import io.flowrank.core.kafka.KafkaClientConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options of every Kafka-facing command: the broker address and a client properties file. */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (SASL/SSL and the like), applied last over flowrank's settings.")
  Path config;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The file of {@code --config}, or null. */
  public Path configFile() {
    return config;
  }

  /** The properties of {@code --config}, or none. */
  public Properties clientConfig() throws IOException {
    return config == null ? new Properties() : KafkaClientConfig.load(config);
  }
}
