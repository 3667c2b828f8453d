package io.flowrank.producer;

/**
 * Hears how a replay goes: on a terminal a single line updated in place ({@link TerminalProgress}),
 * otherwise one log line per committed batch ({@link LogProgress}). Called from the replaying thread
 * only, once per batch at most: never per record.
 */
public interface ProgressListener {

  /** The replay log was read: {@code skippedFiles} of {@code totalFiles} are already committed. */
  void started(int totalFiles, int skippedFiles);

  /**
   * One batch's transaction was committed (a whole file, or one batch of a longer one); {@code
   * progress} includes it.
   */
  void fileCommitted(FileReport file, ReplayProgress progress);

  /** Every source is committed to its end or skipped. */
  void finished(ReplayResult result);

  /** The replay stops early (failure or stop request); the caller reports why. */
  default void stopped(ReplayProgress progress) {}

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return new ProgressListener() {
      @Override
      public void started(int totalFiles, int skippedFiles) {}

      @Override
      public void fileCommitted(FileReport file, ReplayProgress progress) {}

      @Override
      public void finished(ReplayResult result) {}
    };
  }

  /**
   * {@link TerminalProgress} on standard output when it is a terminal, else {@link LogProgress}.
   */
  static ProgressListener forConsole() {
    return System.console() != null ? new TerminalProgress(System.out) : new LogProgress();
  }
}
