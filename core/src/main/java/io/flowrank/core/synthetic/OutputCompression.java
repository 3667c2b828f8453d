package io.flowrank.core.synthetic;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * How {@code flowrank generate --compress} compresses each file it writes: not at all, gzip (the
 * JDK's, default level, as {@code gzip} does) or bzip2 (Commons Compress's encoder, 900 kB blocks,
 * as LANL publishes its days; one thread: 10M rows take about two minutes, paid once, the bench
 * keeps its data). Each file is one single stream, and equal input gives equal bytes (the gzip
 * header carries no time).
 */
public enum OutputCompression {
  NONE("none", ""),
  GZ("gz", ".gz"),
  BZ2("bz2", ".bz2");

  private static final int GZIP_BUFFER = 1 << 16;

  private final String cliName;
  private final String extension;

  OutputCompression(String cliName, String extension) {
    this.cliName = cliName;
    this.extension = extension;
  }

  /** The name on the command line: {@code none}, {@code gz}, {@code bz2}. */
  public String cliName() {
    return cliName;
  }

  /** What is appended to the file name: empty, {@code .gz} or {@code .bz2}. */
  public String extension() {
    return extension;
  }

  /** Wraps {@code out}: closing the result finishes the compressed stream and closes {@code out}. */
  public OutputStream compress(OutputStream out) throws IOException {
    switch (this) {
      case NONE:
        return out;
      case GZ:
        return new GZIPOutputStream(out, GZIP_BUFFER);
      case BZ2:
        return new BZip2CompressorOutputStream(out);
      default:
        throw new IllegalStateException("unknown compression " + this);
    }
  }

  /**
   * The compression named {@code name} on the command line.
   *
   * @throws IllegalArgumentException naming the accepted names, when none matches
   */
  public static OutputCompression ofCliName(String name) {
    for (OutputCompression compression : values()) {
      if (compression.cliName.equals(name)) {
        return compression;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression '" + name + "': expected one of " + cliNames());
  }

  /** {@code none, gz, bz2}. */
  public static String cliNames() {
    return Arrays.stream(values())
        .map(OutputCompression::cliName)
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
