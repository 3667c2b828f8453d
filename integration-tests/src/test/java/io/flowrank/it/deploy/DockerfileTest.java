package io.flowrank.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.it.RepoRoot;
import io.flowrank.it.deploy.DockerfileStages.Stage;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Checks the {@code Dockerfile} and {@code .dockerignore} offline, since no Docker engine runs on
 * the build machines: Java 17 base images, the jar the build stage produces is the one the runtime
 * copies (its name read from the cli pom), the entry point and its wrapper, a non-root user, the
 * tools the compose health checks call, and a build context that keeps the Maven reactor.
 */
final class DockerfileTest {

  private static final String RUNTIME_JAR = "/opt/flowrank/flowrank.jar";
  private static final String ARCHIVE = "/opt/flowrank/flowrank.jsa";
  private static final String WRAPPER = "/usr/local/bin/flowrank";
  private static final String BUILD_COMMAND = "mvn -B -q -DskipTests package -pl cli -am";
  private static final Pattern JAVA_17 = Pattern.compile("(^|[^0-9])17([^0-9]|$)");

  private final DockerfileStages dockerfile =
      DockerfileStages.parse(DeploymentFiles.read("Dockerfile"));

  @Test
  void buildsWithMavenAndRunsOnAJreBothPinnedToJava17() {
    assertThat(dockerfile.stages()).hasSize(2);
    assertThat(dockerfile.first().image()).isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(dockerfile.first().name()).hasValue("build");
    assertThat(dockerfile.last().image()).isEqualTo("eclipse-temurin:17-jre");
    for (Stage stage : dockerfile.stages()) {
      String tag = stage.image().substring(stage.image().indexOf(':') + 1);
      assertThat(stage.image()).as("a tagged image").contains(":");
      assertThat(JAVA_17.matcher(tag).find()).as(stage.image() + " is Java 17").isTrue();
    }
  }

  @Test
  void buildStagePackagesTheShadedCliJarAsTheLauncherDoes() {
    assertThat(String.join("\n", dockerfile.first().arguments("RUN"))).contains(BUILD_COMMAND);
    assertThat(DeploymentFiles.read("flowrank")).contains(BUILD_COMMAND);
  }

  @Test
  void runtimeCopiesTheJarTheBuildStageProduces() throws Exception {
    String outputFile = firstElementText(DeploymentFiles.read("cli/pom.xml"), "outputFile");
    assertThat(outputFile).startsWith("${project.build.directory}/");
    String shadedJar = outputFile.substring(outputFile.lastIndexOf('/') + 1);
    Stage build = dockerfile.first();
    String workdir = build.last("WORKDIR").orElseThrow();

    assertThat(dockerfile.last().arguments("COPY"))
        .contains(
            "--from=" + build.name().orElseThrow() + " " + workdir + "/cli/target/" + shadedJar
                + " " + RUNTIME_JAR);
    // The launcher runs the same file, so ./flowrank and the image ship one artifact.
    assertThat(DeploymentFiles.read("flowrank")).contains("/cli/target/" + shadedJar);
  }

  @Test
  void runtimeRunsTheFlowrankWrapperAsANonRootUser() throws Exception {
    Stage runtime = dockerfile.last();
    List<String> entrypoint =
        List.of(new ObjectMapper().readValue(runtime.last("ENTRYPOINT").orElseThrow(), String[].class));
    assertThat(entrypoint).containsExactly("flowrank");

    // The wrapper is a file of the repository, copied in with the JVM options it reads.
    assertThat(runtime.arguments("COPY"))
        .contains(
            "docker/flowrank " + WRAPPER,
            "cli/src/main/resources/jvm.options /opt/flowrank/jvm.options");
    String wrapper = DeploymentFiles.read("docker/flowrank");
    assertThat(wrapper)
        .startsWith("#!/bin/sh")
        .contains("/opt/flowrank/jvm.options")
        .contains("exec java $options $cds $JAVA_OPTS -jar " + RUNTIME_JAR + " \"$@\"")
        .contains("-XX:SharedArchiveFile=" + ARCHIVE);
    assertThat(Files.isExecutable(RepoRoot.path().resolve("docker/flowrank")))
        .as("docker/flowrank is executable (COPY keeps the mode)")
        .isTrue();

    String run = String.join("\n", runtime.arguments("RUN"));
    // The class-data archive the wrapper maps is written by a training run of the image's own jar.
    assertThat(run)
        .contains("-XX:ArchiveClassesAtExit=" + ARCHIVE)
        .contains("-jar " + RUNTIME_JAR + " demo --exit");
    String user = runtime.last("USER").orElseThrow();
    assertThat(user).isNotIn("root", "0", "0:0");
    assertThat(run).containsPattern("useradd .*" + Pattern.quote(user));
  }

  @Test
  void noSyntaxLineSoBuildKitNeedsNoFrontendFromARegistry() throws Exception {
    assertThat(DeploymentFiles.read("Dockerfile").lines())
        .noneMatch(line -> line.strip().toLowerCase(Locale.ROOT).startsWith("# syntax="));
  }

  @Test
  void theHealthChecksNeedNothingBeyondTheBaseImage() throws Exception {
    JsonNode services = DeploymentFiles.readYaml(DeploymentFiles.COMPOSE_FILE).path("services");
    List<String> checked = new ArrayList<>();
    services.forEach(
        service -> {
          JsonNode test = service.path("healthcheck").path("test");
          if (!service.path("image").asText().startsWith("flowrank:") || !test.isArray()) {
            return;
          }
          // bash is in every JRE base image; curl is not installed.
          checked.add(test.get(1).asText());
        });
    assertThat(checked).as("the streams services' health checks").isNotEmpty().containsOnly("bash");
    assertThat(String.join("\n", dockerfile.last().arguments("RUN"))).doesNotContain("curl");
  }

  @Test
  void dockerignoreKeepsTheReactorAndDropsBuildOutputAndData() throws Exception {
    List<PathMatcher> ignored = new ArrayList<>();
    for (String line : DeploymentFiles.read(".dockerignore").split("\\R")) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      assertThat(pattern).as("exceptions (!) are not read by this test").doesNotStartWith("!");
      pattern = pattern.replaceAll("^/+|/+$", "");
      ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      // Docker's ** also matches no folder at all.
      if (pattern.startsWith("**/")) {
        ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
      }
    }

    List<String> kept = new ArrayList<>(List.of("pom.xml"));
    NodeList modules = parse(DeploymentFiles.read("pom.xml")).getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      // Maven reads every module's pom even for `-pl cli -am`.
      kept.add(module + "/pom.xml");
      if (!module.equals("integration-tests")) {
        kept.add(module + "/src/main/java/io/flowrank/Example.java");
        kept.add(module + "/src/test/java/io/flowrank/ExampleTest.java");
      }
    }
    for (String path : kept) {
      assertThat(isIgnored(ignored, path)).as(path + " is sent to the build").isFalse();
    }
    for (String path :
        List.of(
            ".git/HEAD",
            "cli/target/flowrank-all.jar",
            "core/target/classes/Example.class",
            "flowrank-data/sample/time_01.json")) {
      assertThat(isIgnored(ignored, path)).as(path + " stays out of the build").isTrue();
    }
  }

  /** Docker's rule: a path is ignored when a pattern matches it or one of its parent folders. */
  private static boolean isIgnored(List<PathMatcher> ignored, String path) {
    Path candidate = Path.of(path);
    for (int names = 1; names <= candidate.getNameCount(); names++) {
      Path prefix = candidate.subpath(0, names);
      for (PathMatcher matcher : ignored) {
        if (matcher.matches(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String firstElementText(String xml, String element) throws Exception {
    NodeList found = parse(xml).getElementsByTagName(element);
    assertThat(found.getLength()).as("<" + element + "> present").isPositive();
    return found.item(0).getTextContent().trim();
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }
}
