package io.flowrank.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine the figures were taken on.
 *
 * @param cpu the CPU model ({@code /proc/cpuinfo}), or what the JVM knows of it without one
 * @param cores the cores this JVM may use, as {@code local[*]} counts them
 * @param java the Java runtime's version
 * @param os the operating system and its version
 */
record Machine(String cpu, int cores, String java, String os) {

  static Machine here() {
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      List<String> lines = Files.readAllLines(cpuinfo);
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // No /proc (not Linux): the architecture is all the JVM can tell.
      return System.getProperty("os.arch") + " (no " + cpuinfo + ")";
    }
    return System.getProperty("os.arch");
  }
}
