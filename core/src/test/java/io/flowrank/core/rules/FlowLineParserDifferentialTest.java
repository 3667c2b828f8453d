package io.flowrank.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanner against Jackson's streaming reader (the parser it replaced): on flow lines
 * and on hundreds of thousands of mutations of them — cut, spliced, bytes flipped or inserted,
 * escapes, numbers, nesting — both must give the same verdict, device name included.
 */
class FlowLineParserDifferentialTest {

  private static final WebPorts PORTS = WebPorts.of(List.of(80, 443, 0));
  private final FlowLineParser scanner = new FlowLineParser(PORTS);
  private final JacksonReferenceParser jackson = new JacksonReferenceParser(PORTS);

  private static final List<String> SEEDS =
      List.of(
          "{\"time\": \"172800\", \"duration\": \"19\", \"srcdevice\": \"Comp538744\", \"dstdevice\":"
              + " \"Comp351895\", \"protocol\": \"6\", \"srcport\": \"Port69092\", \"dstport\": \"443\","
              + " \"srcpackets\": \"6\", \"dstpackets\": \"1\", \"srcbytes\": \"8634\", \"dstbytes\":"
              + " \"1475\"}",
          "{\"dstdevice\":\"EnterpriseAppServer\",\"dstport\":80}",
          "{\"dstport\": -0, \"dstdevice\": \"Comp\\u00e9\\n\\\"x\\\"\", \"a\": [1, 2.5e-3, {\"b\": null}]}",
          "{\"dst\\u0064evice\": \"IP1\", \"dstport\": \"8\\u0030\", \"x\": {\"y\": [true, false]}}",
          "{\"dstdevice\": \"Compé\", \"dstport\": 443.0}",
          "{\"dstdevice\": \"C\", \"dstport\": \"Port00080\", \"dstdevice\": \"D\"}",
          "[1, 2, 3]",
          "\"just a string\"",
          "{\"dstdevice\": \"\", \"dstport\": \"443\"}",
          "{\"dstdevice\": 5, \"dstport\": 1234567}",
          "{}",
          "\uFEFF{\"dstdevice\": \"bom\", \"dstport\": \"80\"}",
          "{\"dstdevice\": \"x\", \"dstport\": 00443}",
          "{\"a\": [[[[{\"b\": [[]]}]]]], \"dstdevice\": \"deep\", \"dstport\": 80}",
          // Shapes of the fast path (FlatFlowLine) and their near misses.
          "{\"dstdevice\":\"Comp1\",\"dstport\":\"80\"}",
          "{\"dstport\": \"443\", \"dstdevice\": \"A\", \"dstdevice\": \"B\", \"dstport\": \"53\"}",
          "{\"dstdevicex\": \"A\", \"dstpor\": \"80\", \"dstdevice\": \"1234567\", \"dstport\": \"80\"}",
          "{\"dstdevice\": \"\u007f~ !#\", \"dstport\" : \"80\" }",
          "{\"dstdevice\":  \"two spaces\", \"dstport\": \"80\"}",
          "{\"dstdevice\": \"tab\",\t\"dstport\": \"80\"}",
          "{\"dstdevice\": \"D\", \"dstport\": \"80\"}\r",
          "{\"x\": \"\", \"dstdevice\": \"12345678\", \"dstport\": \"4430\"}",
          // The evidence fields at their edges (docs/design.md §1.5).
          "{\"time\": 9223372036854775807, \"srcdevice\": \"C\\u0031\", \"dstdevice\": \"D\", \"dstport\": 443,"
              + " \"dstpackets\": -0, \"srcbytes\": 9223372036854775808, \"dstbytes\": 12.0}",
          "{\"time\": \"0\", \"srcdevice\": \"\", \"dstdevice\": \"D\", \"dstport\": \"80\","
              + " \"dstpackets\": \"12a\", \"srcbytes\": \"-1\", \"dstbytes\": \"007\"}",
          "{\"time\": \"9223372036854775807\", \"srcdevice\": 5, \"dstdevice\": \"D\", \"dstport\": \"80\","
              + " \"dstpackets\": \"9223372036854775808\", \"srcbytes\": \"1\\u0032\", \"dstbytes\": null,"
              + " \"time\": \"17\", \"srcdevice\": \"Comp\u00e9\"}",
          "{\"srcdevice\":\"S\",\"time\":\"1\",\"dstpackets\":\"\",\"srcbytes\":\" 1\",\"dstbytes\":\"+1\","
              + "\"dstdevice\":\"D\",\"dstport\":\"443\",\"dstpackets\":\"3\"}");

  private static final byte[] INTERESTING =
      "{}[]\",:\\u0123456789-+.eEtrufalsn \t\r\n/\u00e9".getBytes(StandardCharsets.UTF_8);

  @Test
  void agreesWithJacksonOnTheSeeds() {
    for (String seed : SEEDS) {
      assertSameVerdict(seed.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void agreesWithJacksonOnMutatedLines() {
    Random random = new Random(20261125);
    int rejected = 0;
    int accepted = 0;
    for (int i = 0; i < 300_000; i++) {
      byte[] line = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        line = mutate(line, random);
      }
      Verdict verdict = assertSameVerdict(line);
      if (verdict.isRejected()) {
        rejected++;
      } else {
        accepted++;
      }
    }
    // The corpus must exercise both sides of the rules, not only one.
    assertThat(rejected).isGreaterThan(50_000);
    assertThat(accepted).isGreaterThan(10_000);
  }

  @Test
  void agreesWithJacksonOnNestingAroundTheLimit() {
    for (int depth : new int[] {998, 999, 1000, 1001, 1002, 5000}) {
      String open = "[".repeat(depth);
      String close = "]".repeat(depth);
      assertSameVerdict((open + close).getBytes(StandardCharsets.UTF_8));
      assertSameVerdict((open + close.substring(1)).getBytes(StandardCharsets.UTF_8));
      String nested = "{\"dstdevice\": \"d\", \"dstport\": 80, \"x\": " + "[".repeat(depth - 1)
          + "]".repeat(depth - 1) + "}";
      assertSameVerdict(nested.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theFastPathAnswersTheLanlShapeAndAgreesWithTheGeneralScanner() {
    Random random = new Random(7);
    int answered = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] line = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
      if (random.nextBoolean()) {
        line = mutate(line, random);
      }
      FlowFields fastFields = new FlowFields();
      FlowFields generalFields = new FlowFields();
      Verdict fast = FlatFlowLine.verdict(line, 0, line.length, PORTS, fastFields);
      if (fast != null) {
        answered++;
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(fast)
            .as("fast path on %s", text)
            .isEqualTo(scanner.parseGeneral(line, 0, line.length, generalFields));
        assertThat(JacksonReferenceParser.Fields.of(fastFields))
            .as("fast path's evidence on %s", text)
            .isEqualTo(JacksonReferenceParser.Fields.of(generalFields));
      }
    }
    assertThat(answered).as("lines the fast path answered").isGreaterThan(10_000);
  }

  private Verdict assertSameVerdict(byte[] line) {
    Verdict expected = jackson.parse(line);
    FlowFields fields = new FlowFields();
    Verdict actual = scanner.parse(line, 0, line.length, fields);
    assertThat(actual)
        .as("verdict on %s %s", new String(line, StandardCharsets.UTF_8), Arrays.toString(line))
        .isEqualTo(expected);
    if (actual.isWebFlow()) {
      assertThat(JacksonReferenceParser.Fields.of(fields))
          .as("evidence of %s", new String(line, StandardCharsets.UTF_8))
          .isEqualTo(jackson.lastFields());
    }
    // The same line inside a larger buffer (as in a frame): nothing outside it may matter.
    byte[] framed = concat(SURROUNDING, line, SURROUNDING);
    assertThat(scanner.parse(framed, SURROUNDING.length, line.length))
        .as("verdict on %s inside a frame", new String(line, StandardCharsets.UTF_8))
        .isEqualTo(expected);
    return actual;
  }

  private static final byte[] SURROUNDING = "\"}, \"dstport\": \"80\"}\n".getBytes(StandardCharsets.UTF_8);

  private static byte[] mutate(byte[] line, Random random) {
    if (line.length == 0) {
      return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
    }
    int at = random.nextInt(line.length);
    switch (random.nextInt(7)) {
      case 0: // cut
        return Arrays.copyOf(line, at);
      case 1: // drop one byte
        return concat(Arrays.copyOf(line, at), Arrays.copyOfRange(line, at + 1, line.length));
      case 2: // insert an interesting byte
        return concat(
            Arrays.copyOf(line, at),
            new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]},
            Arrays.copyOfRange(line, at, line.length));
      case 3: // replace with an interesting byte
        byte[] copy = line.clone();
        copy[at] = INTERESTING[random.nextInt(INTERESTING.length)];
        return copy;
      case 4: // any byte at all (control characters, invalid UTF-8)
        byte[] any = line.clone();
        any[at] = (byte) random.nextInt(256);
        return any;
      case 5: // duplicate a slice
        int to = at + random.nextInt(Math.min(12, line.length - at) + 1);
        return concat(
            Arrays.copyOf(line, to), Arrays.copyOfRange(line, at, line.length));
      default: // splice in a piece of another seed
        byte[] other = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
        int from = random.nextInt(other.length);
        int length = random.nextInt(Math.min(20, other.length - from) + 1);
        List<byte[]> parts = new ArrayList<>();
        parts.add(Arrays.copyOf(line, at));
        parts.add(Arrays.copyOfRange(other, from, from + length));
        parts.add(Arrays.copyOfRange(line, at, line.length));
        return concat(parts.toArray(new byte[0][]));
    }
  }

  private static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] part : parts) {
      size += part.length;
    }
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
