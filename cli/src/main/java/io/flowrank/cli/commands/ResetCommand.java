package io.flowrank.cli.commands;

import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowrank reset}: makes a streams application count again from the start of {@code flows}
 * (docs/design.md §5), with Kafka's own application reset tool: its committed offsets on {@code
 * flows} go back to the earliest, its internal topics (changelogs, repartition) are deleted. Then
 * the local state of each given state folder is deleted, as the tool requires. The instances must
 * be stopped first: that is checked here, so a running one is a clear message and not the tool's
 * stack trace.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description =
        "Resets a streams application so it counts again from the start of the flows topic"
            + " (Kafka's application reset tool): stop every instance first. Deletes its internal"
            + " topics and the local state in each --state-dir.")
public final class ResetCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin ApplicationIdOption application;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "A state directory of an instance on this machine, as given to `flowrank stream`"
              + " (repeatable); its folder for the application is deleted (default: Kafka"
              + " Streams' default state directory).")
  List<Path> stateDirs = new ArrayList<>();

  @Option(names = "--dry-run", description = "Show what would be reset, change nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Properties client = kafka.clientConfig();
    client.put("bootstrap.servers", kafka.bootstrapServers());
    requireStopped(client);

    List<String> args =
        new ArrayList<>(
            List.of(
                "--application-id", application.applicationId(),
                "--bootstrap-server", kafka.bootstrapServers(),
                "--input-topics", Topics.FLOWS.name()));
    if (kafka.configFile() != null) {
      args.addAll(List.of("--command-config", kafka.configFile().toString()));
    }
    if (dryRun) {
      args.add("--dry-run");
    }
    Result result = runTool(args);
    result.out().lines().filter(line -> !line.isBlank()).forEach(System.out::println);
    if (result.code() != 0) {
      String error =
          Stream.concat(result.err().lines(), result.out().lines())
              .filter(line -> line.startsWith("ERROR") || line.contains("not found"))
              .findFirst()
              .orElse("Kafka's application reset tool failed (exit code " + result.code() + ")");
      throw new IllegalStateException(error);
    }

    List<Path> dirs = stateDirs.isEmpty() ? List.of(defaultStateDir()) : stateDirs;
    for (Path dir : dirs) {
      Path state = dir.resolve(application.applicationId());
      if (!Files.exists(state)) {
        System.out.println("no local state in " + state);
      } else if (dryRun) {
        System.out.println("would delete the local state " + state);
      } else {
        deleteTree(state);
        System.out.println("deleted the local state " + state);
      }
    }
    System.out.println(
        (dryRun ? "dry run: nothing changed" : "reset")
            + ": application '"
            + application.applicationId()
            + "' counts again from the start of "
            + Topics.FLOWS.name()
            + " when its instances start");
    return ExitCode.OK;
  }

  /** The tool removes nothing while an instance runs, and says so with a stack trace: ask first. */
  private void requireStopped(Properties client) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(client)) {
      ConsumerGroupDescription group;
      try {
        group =
            admin
                .describeConsumerGroups(List.of(application.applicationId()))
                .describedGroups()
                .get(application.applicationId())
                .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          return;
        }
        throw e;
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(
            "the broker at " + kafka.bootstrapServers() + " did not describe the group in 30 s");
      }
      if (!group.members().isEmpty()) {
        List<String> hosts =
            group.members().stream()
                .map(m -> m.groupInstanceId().orElse(m.host()))
                .distinct()
                .sorted()
                .toList();
        throw new UserInputException(
            "application '"
                + application.applicationId()
                + "' still has "
                + group.members().size()
                + " running member(s) ("
                + String.join(", ", hosts)
                + "): stop every `flowrank stream` of it, then reset");
      }
    }
  }

  private record Result(int code, String out, String err) {}

  /** Runs the tool with its console output captured: it prints as it goes, stack traces included. */
  private static synchronized Result runTool(List<String> args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      code = new StreamsResetter().execute(args.toArray(String[]::new));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Result(
        code,
        capturedOut.toString(StandardCharsets.UTF_8),
        capturedErr.toString(StandardCharsets.UTF_8));
  }

  /** Where Kafka Streams keeps state when no state.dir is set. */
  private static Path defaultStateDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
