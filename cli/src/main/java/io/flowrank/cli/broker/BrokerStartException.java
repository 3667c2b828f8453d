package io.flowrank.cli.broker;

/**
 * The embedded Kafka broker did not come up: a port already taken, a data directory that cannot be
 * used, or no answer within {@link EmbeddedKafkaBroker#START_TIMEOUT}. The message says which.
 */
public final class BrokerStartException extends RuntimeException {

  BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
