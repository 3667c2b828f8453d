package io.flowrank.producer;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.kafka.ReplayLogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which input files a replay sends and which it skips, decided from the committed entries of the
 * replay log. A file whose batch name is in the log is never sent again, whatever it holds now: a
 * rerun duplicates nothing. A committed file whose size changed since is still skipped, but flagged
 * so the replayer can warn. Pure: no I/O, no Kafka.
 */
public final class ReplayPlan {

  /** What to do with one file. */
  public enum Action {
    /** Not in the replay log: send it. */
    REPLAY,
    /** In the replay log with the same size: already sent. */
    SKIP_COMMITTED,
    /** In the replay log with another size: already sent, but the file changed since. */
    SKIP_CHANGED
  }

  /**
   * One input file as found on disk.
   *
   * @param file the path
   * @param bytes its size now
   */
  public record InputFile(Path file, long bytes) {

    public InputFile {
      Objects.requireNonNull(file, "file");
    }

    public String batchName() {
      return InputFiles.batchName(file);
    }
  }

  /**
   * The decision on one file.
   *
   * @param file the file as found on disk
   * @param action what to do
   * @param committed its replay-log entry, or null when it is to be replayed
   */
  public record Decision(InputFile file, Action action, ReplayLogEntry committed) {

    public Decision {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(action, "action");
      if ((action == Action.REPLAY) != (committed == null)) {
        throw new IllegalArgumentException("a file is replayed exactly when it is not committed");
      }
    }

    public boolean skipped() {
      return action != Action.REPLAY;
    }
  }

  private final List<Decision> decisions;

  private ReplayPlan(List<Decision> decisions) {
    this.decisions = List.copyOf(decisions);
  }

  /**
   * Decides, keeping the order of {@code files}.
   *
   * @param files the input files in replay order
   * @param committed the replay log's entries by batch name
   */
  public static ReplayPlan decide(List<InputFile> files, Map<String, ReplayLogEntry> committed) {
    List<Decision> decisions = new ArrayList<>(files.size());
    for (InputFile file : files) {
      ReplayLogEntry entry = committed.get(file.batchName());
      Action action;
      if (entry == null) {
        action = Action.REPLAY;
      } else if (entry.bytes() != file.bytes()) {
        action = Action.SKIP_CHANGED;
      } else {
        action = Action.SKIP_COMMITTED;
      }
      decisions.add(new Decision(file, action, entry));
    }
    return new ReplayPlan(decisions);
  }

  /** Every file, in replay order. */
  public List<Decision> decisions() {
    return decisions;
  }

  /** The files to send, in replay order. */
  public List<InputFile> toReplay() {
    return decisions.stream().filter(d -> !d.skipped()).map(Decision::file).toList();
  }

  /** The files to skip, in replay order. */
  public List<Decision> skipped() {
    return decisions.stream().filter(Decision::skipped).toList();
  }
}
