package io.flowrank.core.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VarintsTest {

  private static final List<String> TEXTS =
      List.of("", "Comp123456", "x".repeat(200), "Kl\u00e4rchen", "\u65e5\u672c", "a\u007f\u0080");

  @Test
  void aStringIsWrittenAsItsUtf8BytesWhateverItHolds() {
    for (String text : TEXTS) {
      Varints.Writer fromText = new Varints.Writer(1);
      fromText.writeString(text);
      Varints.Writer fromBytes = new Varints.Writer(1);
      fromBytes.writeString(text.getBytes(StandardCharsets.UTF_8));
      assertThat(fromText.take()).as(text).isEqualTo(fromBytes.take());
    }
  }

  @Test
  void aNameReadByItsNumberLeavesItsBytesWhereTheyAre() {
    Varints.Writer out = new Varints.Writer(16);
    for (String text : TEXTS) {
      out.writeString(text);
      out.writeVarint(7);
    }
    byte[] written = out.take();
    List<String> numbered = new ArrayList<>();
    Varints.NameNumbers names =
        (source, offset, length) -> {
          numbered.add(new String(source, offset, length, StandardCharsets.UTF_8));
          return numbered.size() - 1;
        };
    Varints.Reader in = new Varints.Reader(written, "a test");
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(in.readNameNumber(names)).isEqualTo(i);
      assertThat(new String(written, in.lastName(), in.lastNameLength(), StandardCharsets.UTF_8))
          .isEqualTo(TEXTS.get(i));
      assertThat(in.readVarint()).isEqualTo(7);
    }
    assertThat(numbered).isEqualTo(TEXTS);
    assertThat(in.hasMore()).isFalse();
  }
}
