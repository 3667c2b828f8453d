package io.flowrank.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root folder of the flowrank repository, found from the working directory without any machine
 * path: the nearest folder, from the working directory up, holding both the parent {@code pom.xml}
 * and {@code docker-compose.yml}. Surefire runs in the module folder, an IDE may run in the root;
 * both work. Public for the {@code deploy} tests.
 */
public final class RepoRoot {

  private static final String MARKER = "docker-compose.yml";

  private RepoRoot() {}

  /** The repository root; fails naming the working directory when there is none above it. */
  public static Path path() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve(MARKER))) {
        return dir;
      }
    }
    throw new IllegalStateException("no folder with pom.xml and " + MARKER + " above " + start);
  }
}
