package io.flowrank.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * How an input is compressed (docs/design.md §1.2: plain, gzip or bzip2), told by its magic bytes, never by
 * its name. Both decompressors read concatenated streams to the end: {@code pigz}/{@code pbzip2}
 * output and {@code cat a.gz b.gz} are read whole.
 *
 * <p>gzip goes through Commons Compress rather than the JDK's {@code GZIPInputStream}: on Java 17
 * the JDK decides whether another member follows by asking {@code available()} of the stream
 * under it (JDK-7036144), which on a pipe ({@code --data -}) may say 0 between two members and end
 * the input early without an error, and it ignores bytes after a member that are no gzip header.
 * Commons Compress reads on until the end and fails on such garbage.
 *
 * <p>bzip2 is slow to decompress: about 15–20 MB/s of output on one core here (a 134 MB CSV of 2M
 * rows in 6–9 s, against 4.6 s for the native {@code bzcat}), ten times what judging its rows costs,
 * so it bounds the rows/s of a {@code .bz2} input. Its decoder reads the compressed input one byte
 * at a time: unbuffered that is three times slower (17.5 s), so it reads through a {@link
 * BufferedInputStream} of {@link #BUFFER_BYTES}; that stream's lock costs about 5 % against an
 * unsynchronized buffer, too little for a class of our own. gzip runs at 200+ MB/s of output.
 */
public enum Compression {
  /** Plain bytes. */
  NONE,
  /** gzip (RFC 1952), one member or several: magic {@code 1f 8b}. */
  GZIP,
  /** bzip2, one stream or several: magic {@code BZh}, a block size digit, then a block or end. */
  BZIP2;

  /** The buffer size on both sides of a decompressor. */
  public static final int BUFFER_BYTES = 64 * 1024;

  // "BZh", a block size '1'..'9', then the magic of a first block (pi) or of the end (sqrt(pi)).
  private static final int BZIP2_MAGIC_BYTES = 10;
  private static final byte[] BZIP2_BLOCK = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
  private static final byte[] BZIP2_END = {0x17, 0x72, 0x45, 0x38, 0x50, (byte) 0x90};

  /**
   * Tells the compression of a stream from its first bytes, leaving the stream where it was (mark
   * and reset).
   */
  public static Compression detect(BufferedInputStream in) throws IOException {
    in.mark(BZIP2_MAGIC_BYTES);
    byte[] head = new byte[BZIP2_MAGIC_BYTES];
    int n;
    try {
      n = in.readNBytes(head, 0, head.length);
    } finally {
      in.reset();
    }
    if (n >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
      return GZIP;
    }
    if (n == BZIP2_MAGIC_BYTES
        && head[0] == 'B'
        && head[1] == 'Z'
        && head[2] == 'h'
        && head[3] >= '1'
        && head[3] <= '9'
        && (startsWith(head, 4, BZIP2_BLOCK) || startsWith(head, 4, BZIP2_END))) {
      return BZIP2;
    }
    return NONE;
  }

  /**
   * The decompressed content of {@code raw}, whatever its compression. The result is buffered
   * ({@link BufferedInputStream}, so it supports mark and reset); closing it closes {@code raw}.
   *
   * @throws IOException when the stream cannot be read, or a compressed stream's header is broken
   */
  public static BufferedInputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
    try {
      Compression compression = detect(buffered);
      return compression == NONE
          ? buffered
          : new BufferedInputStream(compression.decompress(buffered), BUFFER_BYTES);
    } catch (IOException | RuntimeException e) {
      buffered.close();
      throw e;
    }
  }

  /**
   * The decompressed content of a stream compressed this way (for {@link #NONE}, the stream
   * itself). {@code in} should be buffered: the decoders read small pieces.
   */
  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GzipCompressorInputStream(in, true);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
    };
  }

  private static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
