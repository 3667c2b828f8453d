package io.flowrank.streams.query;

/**
 * The local state cannot answer now (starting, rebalancing, shutting down): the HTTP layer turns it
 * into a 503 with {@code Retry-After}. Not a bug, so it carries no stack trace.
 */
public final class NotReadyException extends RuntimeException {

  public NotReadyException(String message) {
    super(message, null, false, false);
  }
}
