package io.flowrank.core.api;

/**
 * A request to the streams app did not give a usable answer. The {@link Problem} tells whether
 * waiting may help: an app that is unreachable or not ready yet may come up, one that answers
 * something other than the flowrank API will not. The message is fit for the user (the server's
 * words in it are escaped and cut), so the exception carries no stack trace.
 */
public final class ApiException extends Exception {

  /** What went wrong. */
  public enum Problem {
    /** No HTTP answer: connection refused, unknown host, timed out, broke off. */
    UNREACHABLE,
    /** The app answered 503: it is starting, rebalancing or shutting down. */
    NOT_READY,
    /** An answer that is not the flowrank API's: another status, or a body of the wrong shape. */
    BAD_ANSWER
  }

  private final Problem problem;

  public ApiException(Problem problem, String message) {
    super(message, null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** Whether {@code e} is an {@link ApiException} that waiting may cure: unreachable, not ready. */
  public static boolean waitingMayHelp(Throwable e) {
    return e instanceof ApiException api && api.problem != Problem.BAD_ANSWER;
  }
}
