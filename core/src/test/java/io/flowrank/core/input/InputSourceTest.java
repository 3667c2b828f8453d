package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InputSourceTest {

  private static final String JSON_LINES =
      "{\"dstdevice\": \"A\", \"dstport\": \"80\"}\n{\"dstdevice\": \"B\", \"dstport\": \"53\"}\n";
  private static final String JSON_ARRAY =
      "[{\"dstdevice\": \"A\", \"dstport\": \"80\"},\n {\"dstdevice\": \"B\", \"dstport\": \"53\"}]\n";
  private static final String CSV = "1,0,C1,A,6,P1,80,1,1,1,1\r\n2,0,C2,B,6,P2,53,1,1,1,1\r\n";

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] bzip2(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
      bz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The content compressed each way. */
  static byte[] compress(Compression compression, byte[] content) {
    return switch (compression) {
      case NONE -> content;
      case GZIP -> gzip(content);
      case BZIP2 -> bzip2(content);
    };
  }

  /** The format, the compression and the records ("line:bytes") InputSource finds. */
  private static List<String> read(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedInputStream buffered = new BufferedInputStream(in);
    Compression compression = Compression.detect(buffered);
    try (RecordReader reader = InputSource.open(buffered, 1000)) {
      out.add(reader.format() + "/" + compression);
      while (reader.next()) {
        out.add(reader.lineNumber() + ":" + new String(reader.copy(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static List<String> read(byte[] content) throws IOException {
    return read(new ByteArrayInputStream(content));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void tellsEachFormatUnderEachCompression(Compression compression) throws IOException {
    assertThat(read(compress(compression, utf8(JSON_LINES))))
        .containsExactly("JSON_LINES/" + compression,
            "1:{\"dstdevice\": \"A\", \"dstport\": \"80\"}", "2:{\"dstdevice\": \"B\", \"dstport\": \"53\"}");
    assertThat(read(compress(compression, utf8(JSON_ARRAY))))
        .containsExactly("JSON_ARRAY/" + compression,
            "1:{\"dstdevice\": \"A\", \"dstport\": \"80\"}", "2:{\"dstdevice\": \"B\", \"dstport\": \"53\"}");
    assertThat(read(compress(compression, utf8(CsvReader.LANL_HEADER + "\n" + CSV))))
        .containsExactly("CSV/" + compression, "2:1,0,C1,A,6,P1,80,1,1,1,1", "3:2,0,C2,B,6,P2,53,1,1,1,1");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void anEmptyInputIsJsonLinesWithoutRecords(Compression compression) throws IOException {
    assertThat(read(compress(compression, new byte[0]))).containsExactly("JSON_LINES/" + compression);
  }

  @Test
  void blankLinesAndAByteOrderMarkBeforeTheFirstByteDoNotDecide() throws IOException {
    assertThat(read(utf8("\uFEFF\n \r\n\t[{\"a\": 1}]")))
        .containsExactly("JSON_ARRAY/NONE", "1:{\"a\": 1}");
    // the readers keep the physical line numbers of the blank lines
    assertThat(read(utf8("\n\r\n{\"a\": 1}"))).containsExactly("JSON_LINES/NONE", "1:", "2:", "3:{\"a\": 1}");
    assertThat(read(utf8("\uFEFF \n1,2"))).containsExactly("CSV/NONE", "1: ", "2:1,2");
    assertThat(read(utf8(" \f\n\u000B\n"))).containsExactly("JSON_LINES/NONE", "1: \f", "2:\u000B");
  }

  @Test
  void anythingButABraceOrABracketFirstIsCsv() throws IOException {
    assertThat(read(utf8("not json\n{\"a\": 1}"))).first().isEqualTo("CSV/NONE");
    assertThat(read(utf8("\"quoted\",x"))).first().isEqualTo("CSV/NONE");
    assertThat(read(new byte[] {(byte) 0xEF, (byte) 0xBB, '{'})).first().isEqualTo("CSV/NONE");
  }

  @Test
  void bzipMagicAloneIsNotEnough() throws IOException {
    assertThat(read(utf8("BZh9,not,bzip2\n"))).containsExactly("CSV/NONE", "1:BZh9,not,bzip2");
  }

  @Test
  void readsEveryMemberOfAConcatenatedGzipEvenFromATrickle() throws IOException {
    byte[] twoMembers = concat(gzip(utf8("{\"n\": 1}\n{\"n\": 2}\n")), gzip(utf8("{\"n\": 3}\n")));
    assertThat(read(twoMembers)).containsExactly("JSON_LINES/GZIP", "1:{\"n\": 1}", "2:{\"n\": 2}", "3:{\"n\": 3}");
    // A pipe: small reads, nothing ever "available" (the JDK's GZIPInputStream stops early there).
    assertThat(read(new Trickle(twoMembers)))
        .containsExactly("JSON_LINES/GZIP", "1:{\"n\": 1}", "2:{\"n\": 2}", "3:{\"n\": 3}");
  }

  @Test
  void readsEveryStreamOfAConcatenatedBzip2() throws IOException {
    // What pbzip2 writes: one bzip2 stream per block of input, back to back.
    byte[] threeStreams = concat(bzip2(utf8("1,0,C1,A,6,P1,80,1,1,1,1\n")),
        bzip2(utf8("2,0,C2,B,6,P2,443,1,1,1,1\n")), bzip2(utf8("3,0,C3,C,6,P3,53,1,1,1,1")));
    assertThat(read(new Trickle(threeStreams)))
        .containsExactly("CSV/BZIP2", "1:1,0,C1,A,6,P1,80,1,1,1,1", "2:2,0,C2,B,6,P2,443,1,1,1,1",
            "3:3,0,C3,C,6,P3,53,1,1,1,1");
  }

  @Test
  void aLineMayStraddleTwoMembers() throws IOException {
    byte[] split = concat(gzip(utf8("{\"n\": ")), gzip(utf8("1}\n")));
    assertThat(read(split)).containsExactly("JSON_LINES/GZIP", "1:{\"n\": 1}");
  }

  @Test
  void garbageAfterAGzipMemberIsAnError() {
    byte[] content = concat(gzip(utf8("{\"n\": 1}\n")), utf8("garbage"));
    assertThatThrownBy(() -> read(content)).isInstanceOf(IOException.class);
  }

  @Test
  void aTruncatedCompressedInputIsAnError() {
    byte[] gz = gzip(utf8(JSON_LINES.repeat(100)));
    byte[] bz = bzip2(utf8(JSON_LINES.repeat(100)));
    assertThatThrownBy(() -> read(java.util.Arrays.copyOf(gz, gz.length / 2))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read(java.util.Arrays.copyOf(bz, bz.length / 2))).isInstanceOf(IOException.class);
  }

  @Test
  void detectionLeavesTheStreamWhereItWas() throws IOException {
    BufferedInputStream gz = new BufferedInputStream(new ByteArrayInputStream(gzip(utf8("x"))));
    assertThat(Compression.detect(gz)).isEqualTo(Compression.GZIP);
    assertThat(gz.read()).isEqualTo(0x1f);

    BufferedInputStream plain = new BufferedInputStream(new ByteArrayInputStream(utf8("\n\n[1]")));
    assertThat(InputFormat.detect(plain)).isEqualTo(InputFormat.JSON_ARRAY);
    assertThat(plain.readAllBytes()).isEqualTo(utf8("\n\n[1]"));

    assertThat(Compression.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[] {0x1f}))))
        .isEqualTo(Compression.NONE);
  }

  @Test
  void decompressedGivesThePlainBytes() throws IOException {
    byte[] content = utf8(CSV.repeat(1000));
    for (Compression compression : Compression.values()) {
      try (InputStream in = Compression.decompressed(new ByteArrayInputStream(compress(compression, content)))) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
  }

  @Test
  void inputFilesReadEveryFormatAndCompressionWhateverTheName(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("a.json"), bzip2(utf8(CSV)));
    Files.write(dir.resolve("b.csv"), gzip(utf8(JSON_ARRAY)));
    Files.write(dir.resolve("c.bz2"), utf8(JSON_LINES));
    InputFiles input = InputFiles.at(dir, 1000);
    List<String> seen = new ArrayList<>();
    for (Path file : input.files()) {
      try (RecordReader reader = input.open(file)) {
        int records = 0;
        while (reader.next()) {
          records++;
        }
        seen.add(file.getFileName() + "=" + reader.format() + "/" + compressionOf(file) + "/" + records);
      }
    }
    assertThat(seen).containsExactly("a.json=CSV/BZIP2/2", "b.csv=JSON_ARRAY/GZIP/2", "c.bz2=JSON_LINES/NONE/2");
    try (RecordReader reader = InputFiles.open(new ByteArrayInputStream(gzip(utf8(CSV))), 1000)) {
      assertThat(reader.format()).isEqualTo(InputFormat.CSV);
    }
  }

  @Test
  void closingTheReaderClosesTheStream() throws IOException {
    boolean[] closed = {false};
    InputStream raw = new ByteArrayInputStream(gzip(utf8(JSON_LINES))) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    InputSource.open(raw, 1000).close();
    assertThat(closed[0]).isTrue();
  }

  /** A pipe-like stream: at most 7 bytes a read, and never anything "available". */
  static final class Trickle extends InputStream {
    private final byte[] content;
    private int pos;

    Trickle(byte[] content) {
      this.content = content;
    }

    @Override
    public int read() {
      return pos < content.length ? content[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos == content.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 7), content.length - pos);
      System.arraycopy(content, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return 0;
    }
  }

  private static Compression compressionOf(Path file) throws IOException {
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return Compression.detect(in);
    }
  }
}
