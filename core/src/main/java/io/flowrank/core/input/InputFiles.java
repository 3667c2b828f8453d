package io.flowrank.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The input of a replay or a batch count: one file, or the regular, non-hidden files of a folder (not
 * its subfolders) in natural name order. Each file is read whatever its format and compression (told
 * by content, {@link InputSource}), and named by its file name.
 */
public final class InputFiles {

  private final Path root;
  private final List<Path> files;
  private final int maxRecordBytes;

  private InputFiles(Path root, List<Path> files, int maxRecordBytes) {
    this.root = root;
    this.files = files;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Lists the input at {@code path}.
   *
   * @throws NoSuchFileException when nothing is there
   * @throws IOException when the folder cannot be listed
   */
  public static InputFiles at(Path path, int maxRecordBytes) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file or folder");
    }
    if (Files.isRegularFile(path)) {
      return new InputFiles(path, List.of(path), maxRecordBytes);
    }
    try (Stream<Path> listing = Files.list(path)) {
      List<Path> files =
          listing
              .filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted(Comparator.comparing(p -> p.getFileName().toString(), NaturalOrder.INSTANCE))
              .collect(Collectors.toUnmodifiableList());
      return new InputFiles(path, files, maxRecordBytes);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public Path root() {
    return root;
  }

  public List<Path> files() {
    return files;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** The batch name of a file: its file name, the key of its replay-log record. */
  public static String batchName(Path file) {
    return file.getFileName().toString();
  }

  /**
   * Opens a reader over one of the files, whatever its compression and format ({@link
   * InputSource}).
   */
  public RecordReader open(Path file) throws IOException {
    return open(Files.newInputStream(file));
  }

  /** Opens a reader over a stream of any format and compression, with this input's size limit. */
  public RecordReader open(InputStream in) throws IOException {
    return open(in, maxRecordBytes);
  }

  /**
   * Opens a reader over a stream of any format and compression, such as standard input ({@link
   * InputSource#open}); closing the reader closes the stream.
   */
  public static RecordReader open(InputStream in, int maxRecordBytes) throws IOException {
    return InputSource.open(in, maxRecordBytes);
  }
}
