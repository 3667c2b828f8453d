package io.flowrank.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client properties: flowrank's defaults, then the command's settings, then the user's {@code
 * --config FILE} applied last (so SASL/SSL and any tuning there win). Secrets never leave through
 * {@link #redacted(Properties)}.
 */
public final class KafkaClientConfig {

  private static final Pattern SECRET =
      Pattern.compile("(?i).*(password|secret|jaas|token|credential|key\\.pem|keystore\\.key).*");

  private KafkaClientConfig() {}

  /** Loads a properties file; an absent file is a user error. */
  public static Properties load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such config file");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }

  /** {@code base}, then {@code overrides} on top: a new object, neither argument changes. */
  public static Properties merge(Properties base, Properties overrides) {
    Properties merged = new Properties();
    merged.putAll(base);
    if (overrides != null) {
      merged.putAll(overrides);
    }
    return merged;
  }

  /** The properties sorted by name with every secret-looking value replaced by {@code [hidden]}. */
  public static Map<String, String> redacted(Properties properties) {
    Map<String, String> out = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      out.put(name, SECRET.matcher(name).matches() ? "[hidden]" : properties.getProperty(name));
    }
    return out;
  }
}
