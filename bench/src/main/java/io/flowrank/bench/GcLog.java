package io.flowrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak heap figures from a unified GC log ({@code -Xlog:gc,gc+heap+exit}): every collection line
 * says {@code 120M->30M(256M)}: heap used before, after, and committed. The largest "before" is the
 * peak heap used; the largest "after" is the most the process kept live; the largest committed is
 * what the heap grew to. The heap printed at exit ({@code total 76288K, used 19234K} per generation)
 * counts too: a short process may exit before its first collection.
 */
public record GcLog(
    long peakUsedBytes, long peakAfterGcBytes, long peakCommittedBytes, int collections) {

  private static final Pattern COLLECTION =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  private static final Pattern AT_EXIT = Pattern.compile("total (\\d+)K, used (\\d+)K");

  static final GcLog NONE = new GcLog(0, 0, 0, 0);

  static GcLog read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      return NONE;
    }
  }

  static GcLog parse(List<String> lines) {
    long used = 0;
    long after = 0;
    long committed = 0;
    int collections = 0;
    long usedAtExit = 0;
    long committedAtExit = 0;
    for (String line : lines) {
      if (line.contains("gc,heap,exit")) {
        Matcher generation = AT_EXIT.matcher(line);
        if (generation.find()) {
          committedAtExit += Long.parseLong(generation.group(1)) << 10;
          usedAtExit += Long.parseLong(generation.group(2)) << 10;
        }
        continue;
      }
      Matcher m = COLLECTION.matcher(line);
      if (m.find()) {
        collections++;
        used = Math.max(used, bytes(m.group(1), m.group(2)));
        after = Math.max(after, bytes(m.group(3), m.group(4)));
        committed = Math.max(committed, bytes(m.group(5), m.group(6)));
      }
    }
    return new GcLog(
        Math.max(used, usedAtExit), after, Math.max(committed, committedAtExit), collections);
  }

  private static long bytes(String number, String unit) {
    long value = Long.parseLong(number);
    return switch (unit) {
      case "K" -> value << 10;
      case "M" -> value << 20;
      default -> value << 30;
    };
  }
}
