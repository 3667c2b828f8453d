package io.flowrank.producer;

import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Turns what Kafka throws at a replay into what the user reads: a {@link ReplayException} whose
 * message says what failed and where, Kafka's own message after it, the cause kept. The cli prints
 * that message and exits with 3 (a client property Kafka refused, found in the cause chain, exits
 * with 2 instead), so every Kafka failure of the producer leaves through here.
 *
 * <p>Fencing is told apart whatever its shape ({@link ProducerFencedException} or {@link
 * InvalidProducerEpochException}, thrown or wrapped): another producer with the same {@code
 * transactional.id}, so on the same input, took over, and this one must stop rather than retry: an
 * {@link InputTakenOverException} (exit 4).
 */
final class ReplayFailures {

  private final String bootstrapServers;
  private final String transactionalId;

  /**
   * @param transactionalId the replay's, for the messages
   */
  ReplayFailures(ProducerSettings settings, String transactionalId) {
    this.bootstrapServers = settings.bootstrapServers();
    this.transactionalId = transactionalId;
  }

  /** The topics could not be listed or created; {@code cause} is the admin client's failure. */
  ReplayException topicsNotCreated(Throwable cause) {
    return new ReplayException(
        "cannot create the topics at " + bootstrapServers + ": " + message(cause), cause);
  }

  /** The admin client could not be made or could not reach the cluster. */
  ReplayException clusterUnreachable(KafkaException e) {
    return new ReplayException(
        "cannot reach the cluster at " + bootstrapServers + ": " + message(e), e);
  }

  /** {@code initTransactions} failed: refused, fenced, or the cluster out of reach. */
  ReplayException producerNotStarted(KafkaException e) {
    if (isFenced(e)) {
      return takenOver(e);
    }
    return new ReplayException(
        "cannot start the transactional producer '"
            + transactionalId
            + "' at "
            + bootstrapServers
            + ": "
            + message(e),
        e);
  }

  /** Opening the producer failed with something other than a Kafka failure. */
  ReplayException producerNotOpened(Throwable cause) {
    return new ReplayException("cannot start the producer: " + message(cause), cause);
  }

  /** The replay log could not be read to its end. */
  ReplayException replayLogUnread(RuntimeException e) {
    return new ReplayException("cannot read the replay log: " + message(e), e);
  }

  /**
   * A call of the transaction holding {@code batches} failed (begin, send, commit); it is being
   * aborted.
   */
  ReplayException batchFailed(List<String> batches, Throwable e) {
    if (isFenced(e)) {
      return takenOver(e);
    }
    return new ReplayException(
        "sending "
            + String.join(", ", batches)
            + " failed, "
            + (batches.size() == 1 ? "its" : "their")
            + " transaction is aborted: "
            + message(e),
        e);
  }

  /** A send of the open transaction failed afterwards, as its callback said. */
  ReplayException sendFailed(Exception e) {
    if (isFenced(e)) {
      return takenOver(e);
    }
    return new ReplayException(
        "a send failed, the file's transaction is aborted: " + message(e), e);
  }

  /**
   * Another producer started with this replay's transactional id (docs/design.md §2, "Several
   * producers"): its {@code initTransactions} aborted the batch this one had open, and it resumes
   * after the last batch committed.
   */
  private InputTakenOverException takenOver(Throwable e) {
    return new InputTakenOverException(
        "another producer took over this input (transactional id "
            + transactionalId
            + "); this one stops, the other resumes where it left off",
        e);
  }

  /** The replay stopped while sending {@code batches}, whose transaction was aborted. */
  static InterruptedException stopped(List<String> batches, Throwable cause) {
    InterruptedException stopped =
        new InterruptedException(
            "replay stopped: "
                + String.join(", ", batches)
                + (batches.size() == 1
                    ? " was not committed (its transaction was aborted)"
                    : " were not committed (their transaction was aborted)"));
    stopped.initCause(cause);
    return stopped;
  }

  static boolean isFenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  /** The exception's message, or what it is when it has none. */
  static String message(Throwable e) {
    return e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
  }
}
