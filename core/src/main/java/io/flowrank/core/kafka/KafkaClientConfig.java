package io.flowrank.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;

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

  /**
   * What is wrong with the client configuration, when {@code failure} (or one of its causes) says
   * so: a property Kafka refused ({@code ConfigException}, whose message names it), or a {@code
   * sasl.jaas.config} its parser or login refused. Empty for any other failure (an unreachable
   * cluster, a refused request): those are not the configuration's fault, as far as the client can
   * tell. Never holds a property's value: Kafka's messages hide those of password properties.
   */
  public static Optional<String> problem(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException) {
        return Optional.of(cause.getMessage());
      }
      if (cause instanceof LoginException || (cause instanceof IllegalArgumentException && fromJaas(cause))) {
        return Optional.of(SaslConfigs.SASL_JAAS_CONFIG + ": " + cause.getMessage());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  /** Thrown while the JAAS configuration was parsed or its login module looked up. */
  private static boolean fromJaas(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("org.apache.kafka.common.security.JaasConfig")
          || frame.getClassName().startsWith("org.apache.kafka.common.security.JaasContext")) {
        return true;
      }
    }
    return false;
  }
}
