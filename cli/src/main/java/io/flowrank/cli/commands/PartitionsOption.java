package io.flowrank.cli.commands;

import io.flowrank.core.kafka.TopicSetup;
import picocli.CommandLine.Option;

/**
 * {@code --partitions} of the topics a command creates when they are absent: of {@code produce}
 * and {@code stream}, whichever starts first.
 */
public final class PartitionsOption {

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions of the topics created when absent (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TopicSetup.DEFAULT_PARTITIONS)
  int partitions;

  public int partitions() {
    return partitions;
  }
}
