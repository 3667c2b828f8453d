package io.flowrank.cli.commands;

import io.flowrank.streams.StreamsSettings;
import picocli.CommandLine.Option;

/** {@code --application-id}, shared by the commands that act on a streams application. */
public final class ApplicationIdOption {

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).",
      defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID)
  String applicationId;

  public String applicationId() {
    return applicationId;
  }
}
