package io.flowrank.verifier;

/**
 * How a verification ended, with the process exit code of docs/design.md §5: 0 when every device has the
 * same count in the stream as in the batch, 1 when some differ, 2 on a usage or I/O error (no data,
 * no answer from the endpoint, an answer that is not the flowrank API).
 */
public enum Outcome {
  IDENTICAL(0),
  DIFFERENT(1),
  ERROR(2);

  private final int exitCode;

  Outcome(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
