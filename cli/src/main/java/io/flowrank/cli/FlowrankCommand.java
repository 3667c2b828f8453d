package io.flowrank.cli;

import io.flowrank.bench.BenchCommand;
import io.flowrank.bench.Launcher;
import io.flowrank.cli.commands.BrokerCommand;
import io.flowrank.cli.commands.GenerateCommand;
import io.flowrank.cli.commands.ProduceCommand;
import io.flowrank.cli.commands.ResetCommand;
import io.flowrank.cli.commands.StreamCommand;
import io.flowrank.cli.commands.VerifyCommand;
import io.flowrank.cli.demo.DemoCommand;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.kafka.KafkaClientConfig;
import io.flowrank.producer.InputTakenOverException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowrank} launcher: one command per component. Exit codes: 0 success, 1 verification
 * difference, 2 usage or input error, 3 runtime failure, 4 another producer took over the input
 * ({@code produce}). User mistakes, and a producer taken over, print one line, never a stack trace.
 */
@Command(
    name = "flowrank",
    mixinStandardHelpOptions = true,
    versionProvider = FlowrankCommand.Version.class,
    description = "Finds the web servers of a network in a live stream of flow records.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      ProduceCommand.class,
      StreamCommand.class,
      VerifyCommand.class,
      ResetCommand.class,
      BrokerCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FlowrankCommand implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowrankCommand.class);

  /** What {@code bench} starts: this main class, each command with its {@code jvm.options}. */
  static final Launcher LAUNCHER = new Launcher(FlowrankCommand.class.getName(), JvmOptions::of);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FlowrankCommand(), new Factory());
    cli.setExitCodeExceptionMapper(FlowrankCommand::exitCodeOf);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          int code = exitCodeOf(e);
          String message = messageOf(e);
          commandLine.getErr().println("flowrank " + commandLine.getCommandName() + ": " + message);
          if (code == ExitCode.FAILURE) {
            LOG.debug("failure", e);
          }
          return code;
        });
    return cli;
  }

  static int exitCodeOf(Throwable e) {
    if (KafkaClientConfig.problem(e).isPresent()) {
      return ExitCode.USAGE;
    }
    Throwable cause = unwrap(e);
    if (cause instanceof UserInputException
        || cause instanceof NoSuchFileException
        || cause instanceof AccessDeniedException
        || cause instanceof CommandLine.ParameterException
        || cause instanceof IllegalArgumentException) {
      return ExitCode.USAGE;
    }
    if (cause instanceof InputTakenOverException) {
      return ExitCode.TAKEN_OVER;
    }
    return ExitCode.FAILURE;
  }

  private static String messageOf(Throwable e) {
    // A property Kafka refused is named, not reported as whatever failed to start because of it
    // ("Failed to construct kafka consumer", "cannot reach the cluster").
    Optional<String> badConfig = KafkaClientConfig.problem(e);
    if (badConfig.isPresent()) {
      return "invalid Kafka client configuration (--config or a default): " + badConfig.get();
    }
    Throwable cause = unwrap(e);
    if (cause instanceof NoSuchFileException missing) {
      return missing.getFile()
          + ": "
          + (missing.getReason() == null ? "no such file or folder" : missing.getReason());
    }
    if (cause instanceof FileSystemException fs) {
      return fs.getMessage();
    }
    String text = cause.getMessage();
    return text == null ? cause.getClass().getSimpleName() : text;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof UncheckedIOException
            || cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Picocli's factory, but {@code bench} is handed the launcher it measures: it cannot name this
   * class, as the CLI depends on it.
   */
  private static final class Factory implements CommandLine.IFactory {
    private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

    @Override
    public <K> K create(Class<K> type) throws Exception {
      return type == BenchCommand.class
          ? type.cast(new BenchCommand(LAUNCHER))
          : defaults.create(type);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FlowrankCommand.class.getPackage().getImplementationVersion();
      return new String[] {"flowrank " + (version == null ? "development build" : version)};
    }
  }
}
