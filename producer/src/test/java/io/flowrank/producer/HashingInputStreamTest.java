package io.flowrank.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingInputStreamTest {

  @Test
  void hashesAndCountsWhatIsRead() throws IOException {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(abc));

    assertThat(in.read()).isEqualTo('a');
    assertThat(in.readAllBytes()).containsExactly('b', 'c');

    assertThat(in.count()).isEqualTo(3);
    // The SHA-256 test vector of FIPS 180-2 for "abc".
    assertThat(in.sha256Hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void skippedBytesAreHashedToo() throws IOException {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(abc));

    assertThat(in.skip(2)).isEqualTo(2);
    assertThat(in.read()).isEqualTo('c');

    assertThat(in.count()).isEqualTo(3);
    assertThat(in.sha256Hex()).startsWith("ba7816bf");
  }

  @Test
  void aReaderBelowItHashesTheWholeFileBomCrlfAndCutLinesIncluded(@TempDir Path dir)
      throws Exception {
    byte[] bigLine = new byte[300_000];
    new Random(7).nextBytes(bigLine);
    for (int i = 0; i < bigLine.length; i++) {
      bigLine[i] = (byte) ('a' + Math.floorMod(bigLine[i], 26));
    }
    Path file = dir.resolve("time_1.json");
    try (var out = Files.newOutputStream(file)) {
      out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      out.write("{\"dstdevice\": \"A\"}\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      out.write(bigLine);
      out.write("\n{\"dstdevice\": \"B\"}".getBytes(StandardCharsets.UTF_8));
    }
    byte[] content = Files.readAllBytes(file);
    InputFiles input = InputFiles.at(file, 1_000);

    HashingInputStream hashing = new HashingInputStream(Files.newInputStream(file));
    int lines = 0;
    try (RecordReader reader = input.open(hashing)) {
      while (reader.next()) {
        lines++;
      }
    }

    assertThat(lines).isEqualTo(4);
    assertThat(hashing.count()).isEqualTo(content.length);
    assertThat(hashing.sha256Hex())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
  }
}
