package io.flowrank.verifier;

/**
 * A request to the streams app did not give a usable answer. The {@link Problem} tells the verifier
 * whether waiting may help: an endpoint that is unreachable or not ready yet may come up, one that
 * answers something other than the flowrank API will not. The message is fit for the user, so the
 * exception carries no stack trace.
 */
public final class EndpointException extends Exception {

  /** What went wrong. */
  public enum Problem {
    /** No HTTP answer: connection refused, unknown host, timed out. */
    UNREACHABLE,
    /** The app answered 503: it is starting, rebalancing or shutting down. */
    NOT_READY,
    /** An answer that is not the flowrank API's: another status, or a body of the wrong shape. */
    BAD_ANSWER
  }

  private final Problem problem;

  public EndpointException(Problem problem, String message) {
    super(message, null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
