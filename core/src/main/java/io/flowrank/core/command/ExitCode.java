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

  private ExitCode() {}
}
