package io.flowrank.bench;

import io.flowrank.core.input.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files of a generated set replayed again and again under new names (the producer skips the
 * names its replay log holds): each replay is a folder of hard links (copies where the file system
 * has none) named after it, taking the set's files in order from where the last replay stopped,
 * round and round. The probe line ending a set's file counts once more each time the file is
 * replayed, which {@link FreshnessProbe.Probe#count} follows. Every link also goes into one folder
 * of everything replayed, for the verifier.
 */
final class Replays {

  /** One replay: its folder, and its files' probes in replay order. */
  record Replay(Path dir, List<FreshnessProbe.Probe> probes) {

    /** The names of its files, in replay order. */
    List<String> names() {
      return probes.stream().map(FreshnessProbe.Probe::file).toList();
    }
  }

  private final List<Path> set;
  private final long[] replayed;
  private final Path root;
  private final Path all;
  private int next;
  private long files;

  /** Replays of the files of {@code set} (a folder), in folders under {@code root}. */
  Replays(Path set, Path root) throws IOException {
    this.set = InputFiles.at(set, Integer.MAX_VALUE).files();
    if (this.set.isEmpty()) {
      throw new IllegalArgumentException(set + " holds no file to replay");
    }
    this.replayed = new long[this.set.size()];
    this.root = root;
    this.all = root.resolve("all");
    Files.createDirectories(all);
  }

  /** The next {@code count} files of the set (at least one), as the replay {@code name}. */
  Replay next(String name, int count) throws IOException {
    Path dir = root.resolve(name);
    Files.createDirectories(dir);
    List<FreshnessProbe.Probe> probes = new ArrayList<>();
    for (int i = 1; i <= Math.max(1, count); i++) {
      Path file = set.get(next);
      String base = file.getFileName().toString();
      String link = String.format(Locale.ROOT, "%s-%05d-%s", name, i, base);
      BenchData.link(file, dir, link);
      BenchData.link(file, all, link);
      probes.add(
          new FreshnessProbe.Probe(link, BenchData.probeDevice(base), ++replayed[next]));
      next = (next + 1) % set.size();
    }
    files += probes.size();
    return new Replay(dir, List.copyOf(probes));
  }

  /** How many files the set holds. */
  int setSize() {
    return set.size();
  }

  /** How many files every replay so far holds. */
  long files() {
    return files;
  }

  /** The folder of every file replayed so far: what the streams app has counted. */
  Path all() {
    return all;
  }
}
