package io.flowrank.producer;

/**
 * A replay failed on the Kafka side (unreachable cluster, refused credentials, fenced by another
 * producer with the same transactional id ({@link InputTakenOverException}), a send or commit that
 * failed). What was committed before stays committed and the open transaction was aborted when
 * possible, so a rerun resumes cleanly.
 */
public class ReplayException extends RuntimeException {

  public ReplayException(String message, Throwable cause) {
    super(message, cause);
  }
}
