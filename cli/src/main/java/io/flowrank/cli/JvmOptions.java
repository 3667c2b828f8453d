package io.flowrank.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options each flowrank command runs with ({@code jvm.options} at the root of the jar, the
 * file {@code ./flowrank} and the Docker image read too), for the processes the benchmark starts:
 * it measures what {@code ./flowrank COMMAND} runs ({@link FlowrankCommand#LAUNCHER}).
 */
public final class JvmOptions {

  private static final String RESOURCE = "/jvm.options";

  private JvmOptions() {}

  /** The options of {@code command}, none when the file names none. */
  public static List<String> of(String command) {
    Properties all = new Properties();
    try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      all.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String options = all.getProperty(command, "").trim();
    return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
  }
}
