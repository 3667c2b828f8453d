package io.flowrank.peer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The peer benchmark's Java side, one command per step of {@code scripts/peer-bench}, which
 * starts and stops the processes around them: {@code truth} once, then in each round {@code
 * flowrank} and {@code spark batch|files|kafka}, each writing its {@link RunResult}, then {@code
 * report}. Exit codes: 0 correct, 1 a wrong result, 2 usage, 3 failure.
 */
@Command(
    name = "peer-bench",
    mixinStandardHelpOptions = true,
    description = "flowrank against Apache Spark on the notebook's query (scripts/peer-bench).",
    subcommands = {
      PeerBench.TruthCommand.class,
      PeerBench.SparkCommand.class,
      PeerBench.PipelineCommand.class,
      PeerBench.ReportCommand.class
    })
public final class PeerBench implements Runnable {

  static final int WRONG = 1;
  static final int FAILURE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new PeerBench());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("peer-bench " + commandLine.getCommandName() + ": " + e);
          e.printStackTrace(commandLine.getErr());
          return FAILURE;
        });
    System.exit(cli.execute(args));
  }

  /** The options every timed run has. */
  static final class RunOptions {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The files.")
    Path data;

    @Option(
        names = "--truth",
        required = true,
        paramLabel = "FILE",
        description = "The truth, as the truth command wrote it.")
    Path truth;

    @Option(names = "--round", defaultValue = "1", paramLabel = "R", description = "The round.")
    int round;

    @Option(
        names = "--result",
        required = true,
        paramLabel = "FILE",
        description = "Where the run's result goes (JSON).")
    Path result;
  }

  @Command(
      name = "truth",
      description = "flowrank's batch count of the folder (the verifier's), into a file.")
  static final class TruthCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws Exception {
      Truth truth = Truth.count(data);
      truth.write(out);
      System.out.printf(
          "truth: %d files, %,d records, %,d web flows over %,d devices (flowrank's batch count)%n",
          truth.files(), truth.records(), truth.webFlows(), truth.counts().size());
      return 0;
    }
  }

  @Command(name = "spark", description = "The notebook's query on Spark: batch, files or kafka.")
  static final class SparkCommand implements Callable<Integer> {
    enum Mode {
      batch,
      files,
      kafka
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODE", description = "batch, files or kafka.")
    Mode mode;

    @CommandLine.Mixin RunOptions run;

    @Option(
        names = "--work-dir",
        required = true,
        paramLabel = "DIR",
        description = "Where a stream keeps its checkpoint (must not exist yet: a fresh query).")
    Path workDir;

    @Option(names = "--bootstrap-servers", paramLabel = "B", description = "kafka: the broker.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "flows", paramLabel = "T")
    String topic;

    @Option(
        names = "--shuffle-partitions",
        defaultValue = "2",
        paramLabel = "N",
        description =
            "The streams' spark.sql.shuffle.partitions (the notebook's: ${DEFAULT-VALUE}).")
    int shufflePartitions;

    @Override
    public Integer call() throws Exception {
      if (mode == Mode.kafka && bootstrapServers == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "spark kafka needs --bootstrap-servers");
      }
      Truth truth = Truth.read(run.truth);
      Path checkpoint = workDir.resolve("checkpoint");
      SparkRun.Timed timed;
      PeerSystem system;
      try (SparkSession spark = NotebookQuery.session()) {
        SparkRun runs = new SparkRun(spark);
        switch (mode) {
          case batch -> {
            system = PeerSystem.SPARK_BATCH;
            timed = runs.batch(run.data);
          }
          case files -> {
            system = PeerSystem.SPARK_SS_FILES;
            timed = runs.files(run.data, checkpoint, shufflePartitions);
          }
          default -> {
            system = PeerSystem.SPARK_SS_KAFKA;
            timed = runs.kafka(bootstrapServers, topic, checkpoint, shufflePartitions);
          }
        }
      }
      RunResult result =
          Check.of(
              system,
              run.round,
              timed.seconds(),
              truth,
              timed.counts(),
              timed.detail(),
              Check.Agreement.NOTHING_ELSE);
      result.write(run.result);
      return result.correct() ? 0 : WRONG;
    }
  }

  @Command(
      name = "flowrank",
      description =
          "flowrank's pipeline on a running, idle broker and streams app: produce, caught up,"
              + " verify.")
  static final class PipelineCommand implements Callable<Integer> {
    @CommandLine.Mixin RunOptions run;

    @Option(names = "--launcher", required = true, paramLabel = "FILE", description = "./flowrank")
    Path launcher;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "B")
    String bootstrapServers;

    @Option(names = "--endpoint", required = true, paramLabel = "URL")
    URI endpoint;

    @Option(names = "--files", required = true, paramLabel = "N", description = "Files in --data.")
    int files;

    @Option(names = "--log", required = true, paramLabel = "FILE", description = "Child output.")
    Path log;

    @Option(names = "--timeout", defaultValue = "PT30M", paramLabel = "DURATION")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      Truth truth = Truth.read(run.truth);
      PipelineRun pipeline = new PipelineRun(launcher, bootstrapServers, endpoint, log);
      pipeline.awaitIdle(Duration.ofMinutes(3));
      PipelineRun.Timed timed = pipeline.replay(run.data, files, timeout);
      RunResult result =
          Check.of(
              PeerSystem.FLOWRANK,
              run.round,
              timed.seconds(),
              truth,
              pipeline.counts(),
              "",
              timed.agreement());
      result.write(run.result);
      return result.correct() ? 0 : WRONG;
    }
  }

  @Command(name = "report", description = "The table of every run, and its JSON.")
  static final class ReportCommand implements Callable<Integer> {
    @Option(names = "--results", required = true, paramLabel = "DIR")
    Path results;

    @Option(names = "--rows", required = true, paramLabel = "N")
    long rows;

    @Option(names = "--files", required = true, paramLabel = "N")
    int files;

    @Option(names = "--rounds", required = true, paramLabel = "R")
    int rounds;

    @Option(names = "--json", required = true, paramLabel = "FILE")
    Path json;

    @Override
    public Integer call() throws Exception {
      Report.Summary summary = Report.of(results, rows, files, rounds, Machine.here());
      Report.table(summary).forEach(System.out::println);
      Report.writeJson(summary, json);
      System.out.println("figures as JSON: " + json);
      return summary.correct() ? 0 : WRONG;
    }
  }
}
