package io.flowrank.it.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read into its build stages, enough to check it offline: comments and parser
 * directives dropped, {@code \}-continued lines joined, each instruction split into its keyword and
 * its arguments. Not a full Dockerfile parser (no heredocs, no escape directive); the test fails on
 * what it cannot read rather than guessing.
 */
record DockerfileStages(List<Stage> stages) {

  /** One instruction: {@code keyword} upper-cased, {@code arguments} as written. */
  record Instruction(String keyword, String arguments) {}

  /** One {@code FROM image [AS name]} stage and the instructions that follow it. */
  record Stage(String image, Optional<String> name, List<Instruction> instructions) {

    List<String> arguments(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::arguments)
          .toList();
    }

    /** The last value of a keyword (the one in effect at the end of the stage). */
    Optional<String> last(String keyword) {
      List<String> all = arguments(keyword);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
  }

  static DockerfileStages parse(String text) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (String line : logicalLines(text)) {
      int space = line.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException("an instruction without arguments: " + line);
      }
      String keyword = line.substring(0, space).toUpperCase(Locale.ROOT);
      String arguments = line.substring(space + 1).trim();
      if (arguments.startsWith("<<")) {
        throw new IllegalArgumentException("heredocs are not read by this test: " + line);
      }
      if (keyword.equals("FROM")) {
        String[] words = arguments.split("\\s+");
        Optional<String> name =
            words.length == 3 && words[1].equalsIgnoreCase("AS")
                ? Optional.of(words[2])
                : Optional.empty();
        if (words.length != 1 && name.isEmpty()) {
          throw new IllegalArgumentException("unexpected FROM: " + line);
        }
        current = new ArrayList<>();
        stages.add(new Stage(words[0], name, current));
      } else if (current == null) {
        throw new IllegalArgumentException("an instruction before the first FROM: " + line);
      } else {
        current.add(new Instruction(keyword, arguments));
      }
    }
    return new DockerfileStages(List.copyOf(stages));
  }

  Stage first() {
    return stages.get(0);
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  Optional<Stage> named(String name) {
    return stages.stream().filter(s -> s.name().equals(Optional.of(name))).findFirst();
  }

  /** The instructions one per line: comment lines dropped, continuation lines joined. */
  private static List<String> logicalLines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      // Docker drops comment and empty lines, even inside a continued instruction.
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      lines.add(pending.toString().replaceAll("\\s+", " ").trim());
      pending.setLength(0);
    }
    if (pending.length() > 0) {
      throw new IllegalArgumentException("the file ends inside a continued line: " + pending);
    }
    return lines;
  }
}
