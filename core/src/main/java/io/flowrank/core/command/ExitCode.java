package io.flowrank.core.command;

/** The exit codes of every flowrank command (docs/design.md §5). */
public final class ExitCode {

  public static final int OK = 0;
  /** The verifier found a difference between the stream and the batch count. */
  public static final int DIFFERENT = 1;
  /** A usage or input error: bad flag, missing file, unreadable config. */
  public static final int USAGE = 2;
  /** A runtime failure: broker unreachable, Kafka error, bug. */
  public static final int FAILURE = 3;
  /**
   * {@code produce} only: another producer started on the same input (the same transactional id)
   * and took it over. What this one committed stays, counted once; the other resumes after it.
   */
  public static final int TAKEN_OVER = 4;

  private ExitCode() {}
}
