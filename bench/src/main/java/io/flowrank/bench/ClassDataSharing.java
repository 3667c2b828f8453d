package io.flowrank.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Class-data sharing for the benchmark's children, the way {@code ./flowrank} does it for users:
 * the first child of a command writes an archive of the classes it loaded when it exits; the later
 * children of that command map them from it instead of loading them one by one. An archive is
 * used only while it is newer than every file of the classpath (a rebuilt jar makes a new one).
 */
final class ClassDataSharing {

  private static final String QUIET = "-Xlog:cds*=off";
  private static final AtomicLong WRITES = new AtomicLong();

  private final Path dir;

  ClassDataSharing(Path dir) {
    this.dir = dir;
  }

  /** What a child of {@code command} runs with, and the archive it writes (null when it reads one). */
  record Use(List<String> jvmOptions, Path writes, Path archive) {}

  Use forCommand(String command) {
    Path archive = dir.resolve(command + ".jsa");
    if (isFresh(archive)) {
      return new Use(List.of("-XX:SharedArchiveFile=" + archive, QUIET), null, archive);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path writes = dir.resolve(command + "." + ProcessHandle.current().pid() + "-" + WRITES.incrementAndGet() + ".jsa");
    return new Use(List.of("-XX:ArchiveClassesAtExit=" + writes, QUIET), writes, archive);
  }

  /** Whether the children of {@code command} start from an archive now. */
  boolean hasArchive(String command) {
    return isFresh(dir.resolve(command + ".jsa"));
  }

  /** Once the child has exited: its archive, when it wrote one, becomes the command's. */
  static void exited(Use use) {
    if (use.writes() == null || !Files.isRegularFile(use.writes())) {
      return;
    }
    try {
      Files.move(use.writes(), use.archive(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFresh(Path archive) {
    if (!Files.isRegularFile(archive)) {
      return false;
    }
    try {
      FileTime written = Files.getLastModifiedTime(archive);
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (Files.isRegularFile(path) && Files.getLastModifiedTime(path).compareTo(written) >= 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
