package io.flowrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident set size of a process, from {@code /proc/<pid>/status} (Linux); 0 elsewhere. */
final class Rss {

  private Rss() {}

  static long peakBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return parseKilobytes(line.substring("VmHWM:".length())) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process has ended, or this is not Linux: no figure.
    }
    return 0;
  }

  static long parseKilobytes(String field) {
    return Long.parseLong(field.trim().split("\\s+")[0]);
  }
}
