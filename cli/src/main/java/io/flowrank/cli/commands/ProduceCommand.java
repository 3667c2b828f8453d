package io.flowrank.cli.commands;

import io.flowrank.cli.ValueConverter;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.command.UserInputException;
import io.flowrank.core.input.Limits;
import io.flowrank.core.kafka.FlowFrame;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.producer.FlowReplayer;
import io.flowrank.producer.ProducerSettings;
import io.flowrank.producer.ProgressListener;
import io.flowrank.producer.ReplayResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowrank produce}: replays the files into Kafka, one transaction per batch. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Replays flow files into the flows topic in Kafka transactions of whole batches (a batch: a file, or --rows-per-batch lines of a longer one; unpaced, small files share a transaction up to that many lines), and skips the batches already committed (resumable, never duplicated).")
public final class ProduceCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--data", required = true, paramLabel = "PATH",
      description = "The input: a folder (natural name order), one file, or - for standard input; "
          + "JSON lines, a JSON array or the raw LANL CSV, each plain, gzip or bzip2 (told by "
          + "content).")
  Path data;

  @Option(names = "--name", paramLabel = "NAME",
      defaultValue = ProducerSettings.DEFAULT_STDIN_NAME,
      description = "The batch name of standard input (--data -), the key of its replay-log "
          + "entries: the same name resumes it (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--rows-per-batch", paramLabel = "N",
      defaultValue = "" + ProducerSettings.DEFAULT_ROWS_PER_BATCH,
      description = "A longer input is sent as consecutive batches of N lines, one replay-log "
          + "entry each; unpaced, smaller batches in a row share a transaction up to N lines "
          + "(default: ${DEFAULT-VALUE}).")
  int rowsPerBatch;

  @Option(names = "--watch",
      description = "Stay up once the folder is replayed and replay each file that appears in it "
          + "later (listed every 100 ms, in natural name order), until stopped (Ctrl-C, SIGTERM): "
          + "move or link files in whole, or write them under a hidden name (.name) and rename "
          + "them. The transactional id is the folder's, by its name.")
  boolean watch;

  @Option(names = "--files-per-second", paramLabel = "X", defaultValue = "0",
      description = "Pace the replay like the notebook's triggers (default: 0, as fast as possible).")
  double filesPerSecond;

  @Mixin PartitionsOption topics;

  @Option(names = "--transactional-id", paramLabel = "ID",
      description = "Transactional id (default: flowrank-producer- and a hash of the input's file "
          + "names, or of --name, or with --watch of the folder's name: the same input gets the "
          + "same id wherever it is mounted). A rerun "
          + "with the same id fences a crashed run; a second producer with it takes the input "
          + "over (the first exits 4); producers with different ids run side by side.")
  String transactionalId;

  @Option(names = "--max-record-bytes", paramLabel = "N",
      defaultValue = "" + Limits.DEFAULT_MAX_RECORD_BYTES,
      description = "Larger lines go to flows-rejected as TOO_LARGE (default: ${DEFAULT-VALUE}).")
  int maxRecordBytes;

  @Option(names = "--lines-per-record", paramLabel = "N",
      description = "Lines packed into one flows record, at most 512 KiB of them; 1 gives one flow "
          + "per record for other consumers of the topic (default: "
          + FlowFrame.DEFAULT_LINES_PER_RECORD + " judged, "
          + FlowFrame.DEFAULT_TEXT_LINES_PER_RECORD + " with --frames lines).")
  Integer linesPerRecord;

  @Option(names = "--frames", paramLabel = "FORM", defaultValue = "judged",
      converter = FrameFormConverter.class,
      description = "How frames carry their lines: judged (what the rules found in each line, in "
          + "flowrank's binary form: the fewest bytes; rejected lines as they came; each web flow "
          + "sent to its dstdevice's partition, where the streams app counts it) or lines (the "
          + "text as it came, spread over the partitions, for other consumers of flows). Frames of "
          + "one line "
          + "(--lines-per-record 1) always carry the text (default: ${DEFAULT-VALUE}).")
  FlowFrame.Form frames;

  @Option(names = "--ports", paramLabel = "P[,P...]", defaultValue = "80,443",
      description = "The streams app's web ports: the producer judges which lines are web flows by"
          + " them, for the data-time watermark it stamps on each frame and the judged frames (a"
          + " streams app with other ports stops on them, saying so) (default: ${DEFAULT-VALUE}).")
  String ports;

  @Override
  public Integer call() throws Exception {
    ProducerSettings settings = settings();
    FlowReplayer replayer = new FlowReplayer(settings, ProgressListener.forConsole());
    Thread hook = new Thread(replayer::close, "flowrank-produce-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ReplayResult result = replayer.run();
      return result == null ? ExitCode.FAILURE : ExitCode.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running and closes the replayer itself
      }
      replayer.close();
    }
  }

  private WebPorts webPorts() {
    try {
      return WebPorts.parse(ports);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--ports: " + e.getMessage());
    }
  }

  /** {@code judged} or {@code lines}. */
  public static final class FrameFormConverter extends ValueConverter<FlowFrame.Form> {
    public FrameFormConverter() {
      super(FlowFrame.Form::parse);
    }
  }

  ProducerSettings settings() throws java.io.IOException {
    if (watch && !ProducerSettings.STDIN.equals(data) && !java.nio.file.Files.isDirectory(data)) {
      throw new UserInputException("--watch watches a folder; " + data + " is not one");
    }
    return ProducerSettings.builder(kafka.bootstrapServers(), data)
        .filesPerSecond(filesPerSecond)
        .partitions(topics.partitions())
        .transactionalId(transactionalId)
        .maxRecordBytes(maxRecordBytes)
        .linesPerRecord(linesPerRecord)
        .rowsPerBatch(rowsPerBatch)
        .stdinName(name)
        .clientConfig(kafka.clientConfig())
        .webPorts(webPorts())
        .frames(frames)
        .watch(watch)
        .build();
  }
}
