package io.flowrank.producer;

import java.time.Duration;

/**
 * Counts what a replay did and tells its {@link ProgressListener}: once when the plan is known, once
 * per committed batch, and once at the end (finished, or stopped early). Used by the replaying
 * thread only.
 */
final class ReplayTally {

  private final ProgressListener listener;
  private final long startNanos = System.nanoTime();
  private long sendStartNanos = startNanos;
  private int filesTotal;
  private int filesSkipped;
  private int filesCommitted;
  private int batchesCommitted;
  private long bytesTotal;
  private long bytesBefore;
  private CountingInputStream reading;
  private long records;
  private long rejected;
  private boolean reportedStart;

  ReplayTally(ProgressListener listener) {
    this.listener = listener;
  }

  /**
   * The plan is known: what is skipped counts as done; the rate counts from here. Watching, each
   * listing that finds new files brings a plan of its own, added to the ones before.
   */
  void started(ReplayPlan plan) {
    for (ReplayPlan.Decision decision : plan.decisions()) {
      long bytes = decision.file().bytes();
      bytesTotal = bytes < 0 || bytesTotal < 0 ? -1 : bytesTotal + bytes;
      if (decision.skipped()) {
        filesSkipped++;
        bytesBefore += Math.max(0, bytes);
      }
    }
    filesTotal += plan.decisions().size();
    listener.started(filesTotal, filesSkipped);
    reportedStart = true;
    sendStartNanos = System.nanoTime();
  }

  /** A source is being read through {@code in}: its bytes count as read as they are. */
  void reading(CountingInputStream in) {
    reading = in;
  }

  /** One batch's transaction was committed. */
  void batchCommitted(FileReport batch) {
    batchesCommitted++;
    records += batch.records();
    rejected += batch.rejectedTotal();
    listener.fileCommitted(batch, progress());
  }

  /** A source was sent to its end. */
  void sourceDone(ReplayPlan.InputFile source) {
    filesCommitted++;
    bytesBefore += Math.max(0, source.bytes());
    reading = null;
  }

  /** The batches this run committed so far: the index of the next one, for the pacer. */
  int batchesCommitted() {
    return batchesCommitted;
  }

  /** Every source is committed or skipped: the result, told to the listener. */
  ReplayResult finished() {
    ReplayResult result =
        new ReplayResult(
            filesCommitted,
            filesSkipped,
            records,
            rejected,
            Duration.ofNanos(System.nanoTime() - startNanos),
            batchesCommitted);
    listener.finished(result);
    return result;
  }

  /** The replay ends early; the listener hears it once it has heard the start. */
  void stopped() {
    if (reportedStart) {
      listener.stopped(progress());
    }
  }

  /** The rate shown while replaying counts from the first batch, not from connecting. */
  private ReplayProgress progress() {
    CountingInputStream current = reading;
    return new ReplayProgress(
        filesSkipped + filesCommitted,
        filesTotal,
        records,
        rejected,
        Duration.ofNanos(System.nanoTime() - sendStartNanos),
        batchesCommitted,
        bytesBefore + (current == null ? 0 : current.count()),
        bytesTotal);
  }
}
