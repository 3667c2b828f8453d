package io.flowrank.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's logging: Log4j switched from the launcher's {@code log4j2.xml} to {@code
 * log4j2-demo.xml}, which writes every line at INFO or above (the broker's, the clients' and Kafka
 * Streams' included) to one file, rewritten on each run, and leaves only warnings and errors on the
 * terminal, so the terminal shows what the demo prints. A configuration the user chose with {@code
 * -Dlog4j2.configurationFile} (or Log4j's older or environment spelling of it) is left alone.
 */
final class DemoLog {

  /** The system property {@code log4j2-demo.xml} takes the log file's path from. */
  static final String FILE_PROPERTY = "flowrank.demo.log";

  private static final Logger LOG = LoggerFactory.getLogger(DemoLog.class);
  private static final List<String> USER_CONFIG_PROPERTIES =
      List.of("log4j2.configurationFile", "log4j.configurationFile");
  private static final String USER_CONFIG_VARIABLE = "LOG4J_CONFIGURATION_FILE";
  private static final String CONFIG = "/log4j2-demo.xml";
  private static final String FILE_APPENDER = "file";

  private DemoLog() {}

  /**
   * Sends the logs to {@code file} and returns it; returns empty when they stay where they were: a
   * configuration of the user's, or a file that cannot be written (a warning says why, and the
   * launcher's configuration stays, so the logs are not lost).
   */
  static Optional<Path> toFile(Path file) {
    if (USER_CONFIG_PROPERTIES.stream().anyMatch(name -> System.getProperty(name) != null)
        || System.getenv(USER_CONFIG_VARIABLE) != null) {
      return Optional.empty();
    }
    try {
      Files.newOutputStream(file).close(); // fails here in one line rather than in Log4j's words
    } catch (IOException e) {
      String why =
          e instanceof FileSystemException fs && fs.getReason() != null
              ? fs.getReason()
              : e.getClass().getSimpleName();
      LOG.warn("cannot write the log file {} ({}): the logs stay on the terminal", file, why);
      return Optional.empty();
    }
    LoggerContext context = LoggerContext.getContext(false);
    URI launcherConfig = context.getConfigLocation();
    System.setProperty(FILE_PROPERTY, file.toAbsolutePath().toString());
    context.setConfigLocation(resource(CONFIG));
    Appender appender = context.getConfiguration().getAppender(FILE_APPENDER);
    if (appender != null && appender.isStarted()) {
      return Optional.of(file);
    }
    context.setConfigLocation(launcherConfig); // Log4j has said why on stderr
    return Optional.empty();
  }

  private static URI resource(String name) {
    URL url = DemoLog.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " is missing from the classpath");
    }
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read " + url + " as a URI", e);
    }
  }
}
