package io.flowrank.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonArrayReader} on random valid arrays, compact and pretty-printed by Jackson: every
 * element comes out as one record that Jackson reads back as the same value.
 */
class JsonArrayReaderJacksonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] TEXT = {
    "Comp1", "a,b", "[x]", "{y}", "q\"uote", "back\\slash", "line\nbreak", "tab\t", "\u00e9\u4e2d", "", " ", "\\\""
  };

  @Test
  void everyElementOfARandomArrayIsOneRecordWithTheSameValue() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < 300; n++) {
      ArrayNode array = NODES.arrayNode();
      for (int k = random.nextInt(20); k > 0; k--) {
        array.add(random.nextInt(4) == 0 ? value(random, 3) : object(random, 3));
      }
      boolean pretty = random.nextBoolean();
      byte[] content =
          pretty
              ? JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(array)
              : JSON.writeValueAsBytes(array);
      int i = 0;
      try (JsonArrayReader reader = new JsonArrayReader(new ByteArrayInputStream(content), 1 << 20)) {
        while (reader.next()) {
          String record = new String(reader.copy(), java.nio.charset.StandardCharsets.UTF_8);
          assertThat(record).doesNotContain("\n", "\r").doesNotStartWith(" ").doesNotEndWith(" ");
          assertThat(JSON.readTree(record)).as("element %d of %s", i, array).isEqualTo(array.get(i));
          assertThat(reader.lineNumber()).isEqualTo(i + 1);
          i++;
        }
      }
      assertThat(i).isEqualTo(array.size());
    }
  }

  private static JsonNode value(SplittableRandom random, int depth) {
    return switch (depth == 0 ? random.nextInt(4) : random.nextInt(6)) {
      case 0 -> NODES.textNode(TEXT[random.nextInt(TEXT.length)]);
      case 1 -> NODES.numberNode(random.nextInt(-1000, 1000));
      case 2 -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
      case 3 -> NODES.numberNode(random.nextDouble());
      case 4 -> object(random, depth - 1);
      default -> {
        ArrayNode array = NODES.arrayNode();
        for (int k = random.nextInt(4); k > 0; k--) {
          array.add(value(random, depth - 1));
        }
        yield array;
      }
    };
  }

  private static ObjectNode object(SplittableRandom random, int depth) {
    ObjectNode object = NODES.objectNode();
    object.put("dstdevice", TEXT[random.nextInt(TEXT.length)]);
    object.put("dstport", random.nextBoolean() ? "80" : "53");
    for (int k = random.nextInt(4); k > 0; k--) {
      object.set(TEXT[random.nextInt(TEXT.length)] + k, value(random, Math.max(0, depth - 1)));
    }
    return object;
  }
}
