package io.flowrank.core.command;

/**
 * A mistake of the user's (a missing data folder, a bad config file, a port in use): reported as one
 * line and exit code {@link ExitCode#USAGE}, without a stack trace.
 */
public class UserInputException extends RuntimeException {

  public UserInputException(String message) {
    super(message, null, false, false);
  }

  /** For mistakes whose stack trace is worth keeping in a log (the user still sees one line). */
  protected UserInputException(String message, boolean withStackTrace) {
    super(message, null, false, withStackTrace);
  }
}
