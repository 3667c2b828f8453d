package io.flowrank.producer;

/**
 * Another producer took over the input this replay was sending: it started with the same
 * transactional id (the same input, docs/design.md §2, "Several producers") and fenced this one.
 * The batch being sent was aborted; the batches committed before stay, counted once, and the other
 * producer resumes after them. Not a failure of the data: the cli exits with {@code
 * ExitCode.TAKEN_OVER} and one line.
 */
public final class InputTakenOverException extends ReplayException {

  public InputTakenOverException(String message, Throwable cause) {
    super(message, cause);
  }
}
