package io.flowrank.core.input;

/** Size limits shared by the producer and the verifier, so both reject the same lines. */
public final class Limits {

  /**
   * The largest record value sent to Kafka, in bytes. A broker accepts 1,048,588 bytes per record
   * batch by default; this leaves room for the batch and header overhead. Larger lines are rejected
   * as {@code TOO_LARGE}.
   */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;

  /** How much of a too-large line travels to the rejected topic. */
  public static final int REJECTED_EXCERPT_BYTES = 64 * 1024;

  private Limits() {}
}
