package io.flowrank.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowrank.it.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker deployment files of the repository as the tests read them: relative to {@link
 * RepoRoot} (no machine path), YAML read with Jackson, and compose's {@code ${VAR:-default}}
 * interpolation applied to service commands so they can be parsed by the real CLI. Public for the
 * three-broker scenarios, whose brokers run with the cluster file's settings.
 */
public final class DeploymentFiles {

  static final String COMPOSE_FILE = "docker-compose.yml";
  public static final String CLUSTER_COMPOSE_FILE = "docker-compose.cluster.yml";
  static final String OVERRIDE_EXAMPLE = "docker-compose.override.example.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** {@code $$}, {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}} or {@code $NAME}. */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))");

  private DeploymentFiles() {}

  static String read(String relativePath) {
    try {
      return Files.readString(RepoRoot.path().resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readYaml(String relativePath) {
    try {
      return YAML.readTree(read(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A service's {@code command} as compose passes it to the image's entry point, with variables
   * interpolated from {@code env} (compose's rules: {@code :-} uses the default when unset or empty,
   * {@code -} when unset). A variable without a default that {@code env} lacks fails: the file would
   * depend on the user's shell.
   */
  static List<String> command(JsonNode service, Map<String, String> env) {
    JsonNode command = service.path("command");
    List<String> raw = new ArrayList<>();
    if (command.isArray()) {
      command.forEach(part -> raw.add(part.asText()));
    } else if (command.isTextual()) {
      // compose splits a string command like a shell would; the file uses no quoting.
      raw.addAll(List.of(command.asText().trim().split("\\s+")));
    } else {
      throw new IllegalArgumentException("no command in " + service);
    }
    List<String> args = new ArrayList<>(raw.size());
    for (String part : raw) {
      args.add(interpolate(part, env));
    }
    return args;
  }

  /** Compose's variable interpolation of one value. */
  static String interpolate(String value, Map<String, String> env) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group(1) != null) {
        replacement = "$";
      } else {
        String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(5);
        String operator = matcher.group(3);
        String set = env.get(name);
        if (operator == null) {
          if (set == null) {
            throw new IllegalArgumentException(
                "${" + name + "} has no default in '" + value + "': the file needs it set");
          }
          replacement = set;
        } else if (set == null || (operator.equals(":-") && set.isEmpty())) {
          replacement = matcher.group(4);
        } else {
          replacement = set;
        }
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
