package io.flowrank.producer;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.kafka.ReplayLogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which input sources a replay sends, from where, and which it skips, decided from the committed
 * entries of the replay log. A source whose every batch is in the log is never sent again, whatever
 * it holds now: a rerun duplicates nothing. A source cut short by a crash resumes after the last
 * line of its last committed batch. A committed source whose size changed since is still skipped,
 * but flagged so the replayer can warn. Pure: no I/O, no Kafka.
 */
public final class ReplayPlan {

  /** What to do with one source. */
  public enum Action {
    /** Nothing of it in the replay log: send it from its first line. */
    REPLAY,
    /** Some of its batches in the replay log, not the last: send the rest. */
    RESUME,
    /** Every batch in the replay log, with the same size: already sent. */
    SKIP_COMMITTED,
    /** Every batch in the replay log, with another size: already sent, but the file changed since. */
    SKIP_CHANGED
  }

  /**
   * One input source as found: a file, or standard input.
   *
   * @param name its batch name: the file name, or the {@code --name} of standard input
   * @param file the path; null for standard input
   * @param bytes its size now; -1 when unknown (standard input)
   */
  public record InputFile(String name, Path file, long bytes) {

    public InputFile {
      Objects.requireNonNull(name, "name");
    }

    /** A file on disk, named by its file name. */
    public InputFile(Path file, long bytes) {
      this(InputFiles.batchName(file), Objects.requireNonNull(file, "file"), bytes);
    }

    /** Standard input, under the name given. */
    public static InputFile stdin(String name) {
      return new InputFile(name, null, -1);
    }

    public boolean isStdin() {
      return file == null;
    }
  }

  /**
   * The decision on one source.
   *
   * @param file the source as found
   * @param action what to do
   * @param committed its last committed entry (the whole source, or its last batch sent), or null
   *     when nothing of it is committed
   * @param resumeAfterLine the last line already committed (0 when none): sending starts after it
   * @param nextBatch the number of the first batch to send
   */
  public record Decision(
      InputFile file, Action action, ReplayLogEntry committed, long resumeAfterLine, int nextBatch) {

    public Decision {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(action, "action");
      if ((action == Action.REPLAY) != (committed == null)) {
        throw new IllegalArgumentException("a source is replayed whole exactly when none of it is committed");
      }
    }

    public boolean skipped() {
      return action == Action.SKIP_COMMITTED || action == Action.SKIP_CHANGED;
    }
  }

  private final List<Decision> decisions;

  private ReplayPlan(List<Decision> decisions) {
    this.decisions = List.copyOf(decisions);
  }

  /**
   * Decides, keeping the order of {@code files}.
   *
   * @param files the input sources in replay order
   * @param committed the replay log's entries by batch name
   */
  public static ReplayPlan decide(List<InputFile> files, Map<String, ReplayLogEntry> committed) {
    List<Decision> decisions = new ArrayList<>(files.size());
    for (InputFile file : files) {
      decisions.add(decide(file, committed));
    }
    return new ReplayPlan(decisions);
  }

  private static Decision decide(InputFile file, Map<String, ReplayLogEntry> committed) {
    ReplayLogEntry whole = committed.get(file.name());
    if (whole != null) {
      return new Decision(file, skip(file, whole), whole, whole.lastLine(), whole.batch() + 1);
    }
    ReplayLogEntry lastSent = null;
    int batch = 1;
    for (ReplayLogEntry entry;
        (entry = committed.get(ReplayLogEntry.batchKey(file.name(), batch))) != null;
        batch++) {
      lastSent = entry;
    }
    if (lastSent == null) {
      return new Decision(file, Action.REPLAY, null, 0, 1);
    }
    Action action = lastSent.endsSource() ? skip(file, lastSent) : Action.RESUME;
    return new Decision(file, action, lastSent, lastSent.lastLine(), batch);
  }

  /** Skipped: flagged as changed when both sizes are known and differ. */
  private static Action skip(InputFile file, ReplayLogEntry entry) {
    long then = entry.source() == null ? entry.bytes() : entry.sourceBytes();
    boolean changed = file.bytes() >= 0 && then >= 0 && then != file.bytes();
    return changed ? Action.SKIP_CHANGED : Action.SKIP_COMMITTED;
  }

  /**
   * The data-time watermark the replay starts from: the largest an earlier run committed for these
   * sources (docs/design.md, "Time"), 0 when none did.
   */
  public long watermark() {
    long watermark = 0;
    for (Decision decision : decisions) {
      if (decision.committed() != null) {
        watermark = Math.max(watermark, decision.committed().watermark());
      }
    }
    return watermark;
  }

  /** Every source, in replay order. */
  public List<Decision> decisions() {
    return decisions;
  }

  /** The sources to send (whole, or what is left of them), in replay order. */
  public List<Decision> toSend() {
    return decisions.stream().filter(d -> !d.skipped()).toList();
  }

  /** The sources to skip, in replay order. */
  public List<Decision> skipped() {
    return decisions.stream().filter(Decision::skipped).toList();
  }
}
