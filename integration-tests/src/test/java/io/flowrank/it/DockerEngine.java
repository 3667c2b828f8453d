package io.flowrank.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs the container tests where a Docker engine answers, and decides what happens where none does:
 * skipped with a reason on a developer's machine, but a <em>failure</em> with a clear message when
 * Docker is required ({@value #REQUIRED_VARIABLE}{@code =true}, which {@code .ci/run} sets whenever it
 * has an engine), so a run that tested nothing never looks like a pass.
 */
final class DockerEngine implements ExecutionCondition, BeforeAllCallback {

  /** The environment variable (or system property) that makes Docker required. */
  static final String REQUIRED_VARIABLE = "FLOWRANK_DOCKER_REQUIRED";

  static boolean required() {
    String value = System.getProperty(REQUIRED_VARIABLE, System.getenv(REQUIRED_VARIABLE));
    return "true".equalsIgnoreCase(value);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (required()) {
      return ConditionEvaluationResult.enabled(REQUIRED_VARIABLE + "=true: Docker is required");
    }
    return DockerClientFactory.instance().isDockerAvailable()
        ? ConditionEvaluationResult.enabled("a Docker engine answers")
        : ConditionEvaluationResult.disabled(
            "no Docker engine answers (set " + REQUIRED_VARIABLE + "=true to make this a failure)");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (required() && !DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          REQUIRED_VARIABLE
              + "=true, but no Docker engine answers: start one (or run the project's CI script,"
              + " which sets it up), or unset "
              + REQUIRED_VARIABLE
              + " to skip the container tests");
    }
  }
}
