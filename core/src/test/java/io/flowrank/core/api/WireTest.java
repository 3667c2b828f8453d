package io.flowrank.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire's two sides: what the server writes reads back equal, and a bad body is refused. */
class WireTest {

  static final Progress PROGRESS =
      new Progress(
          "RUNNING",
          100,
          20,
          4,
          Map.of("NOT_JSON", 4L),
          Map.of("flows-0", 7L),
          3,
          5,
          false,
          12.5,
          List.of(
              new Progress.Unserved(2, 1_000, "1970-01-01T00:00:01Z", 250, "no active instance")),
          Map.of("time", 1L, "dstpackets", 0L, "srcbytes", 2L, "dstbytes", 0L),
          6,
          1);

  static final TopAnswer TOP =
      new TopAnswer(
          List.of(80, 443),
          "count",
          new Coverage(3, 3),
          10,
          List.of(
              Answers.ranked("Comp1", 6, 1, 0.6),
              Answers.ranked("Comp2", 4, 2, 0.4)));

  @Test
  void everyAnswerReadsBackAsWritten() throws Exception {
    List<Object> answers =
        List.of(
            PROGRESS,
            TOP,
            Answers.device("Comp1", 6),
            Answers.rank("Comp1", 6, 1, 10, 0.6),
            DeviceRankAnswer.notFound("Nobody"),
            new ClusterAnswer(
                "app",
                "RUNNING",
                List.of(80),
                "counts",
                new Coverage(2, 2),
                PROGRESS.unserved(),
                List.of(
                    new ClusterAnswer.Instance("127.0.0.1:8080", true, List.of(0, 1), List.of()))),
            new RatesAnswer(5, 2.5, List.of(new RatesAnswer.Sample(1_000, 10, 4, 2.5))),
            new HealthAnswer("RUNNING"),
            new ErrorAnswer("not ready"));
    for (Object answer : answers) {
      byte[] written = Wire.JSON.writeValueAsBytes(answer);
      assertThat(Wire.read(written, answer.getClass())).as(new String(written)).isEqualTo(answer);
    }
  }

  @Test
  void anUnknownDeviceHasNoRankOnTheWire() throws Exception {
    assertThat(Wire.JSON.writeValueAsString(DeviceRankAnswer.notFound("x")))
        .isEqualTo("{\"dstdevice\":\"x\",\"found\":false,\"count\":0}");
  }

  @Test
  void fieldsNotKnownAreIgnored() throws Exception {
    String known = Wire.JSON.writeValueAsString(Answers.device("Comp1", 6));
    String withNew = known.substring(0, known.length() - 1) + ",\"new\":[1]}";
    assertThat(read(withNew, DeviceAnswer.class)).isEqualTo(Answers.device("Comp1", 6));
  }

  @Test
  void aMissingOrNullFieldIsNamed() {
    assertRefused(
        "{\"dstdevice\":\"Comp1\"}", DeviceAnswer.class, "\"count\" is missing or not an integer");
    assertRefused(
        "{\"dstdevice\":null,\"count\":1}",
        DeviceAnswer.class,
        "\"dstdevice\" is missing or not a string");
    assertRefused(
        "{\"state\":\"RUNNING\"}", ErrorAnswer.class, "\"error\" is missing or not a string");
  }

  @Test
  void aValueOfAnotherJsonTypeIsRefusedNotCoerced() {
    String notACount = "\"count\" is missing or not an integer";
    String notAName = "\"dstdevice\" is missing or not a string";
    assertRefused("{\"dstdevice\":\"Comp1\",\"count\":\"3\"}", DeviceAnswer.class, notACount);
    assertRefused("{\"dstdevice\":\"Comp1\",\"count\":3.5}", DeviceAnswer.class, notACount);
    assertRefused("{\"dstdevice\":3,\"count\":3}", DeviceAnswer.class, notAName);
    assertRefused("{\"dstdevice\":true,\"count\":3}", DeviceAnswer.class, notAName);
    assertRefused("{\"state\":[]}", HealthAnswer.class, "\"state\" is missing or not a string");
  }

  @Test
  void aNestedFieldIsNamedWithItsPath() throws Exception {
    assertRefused(
        "{\"ports\":[80],\"by\":\"count\",\"partitions\":{\"covered\":1,\"total\":1},"
            + "\"webFlows\":1,\"devices\":["
            + Wire.JSON.writeValueAsString(Answers.ranked("a", 1, 1, 1.0))
            + ",{\"count\":1}]}",
        TopAnswer.class,
        "\"devices[1].dstdevice\" is missing or not a string");
    assertRefused(
        "{\"ports\":[80,\"443\"],\"by\":\"count\",\"partitions\":{\"covered\":1,\"total\":1},"
            + "\"webFlows\":1,\"devices\":[]}",
        TopAnswer.class,
        "\"ports[1]\" is missing or not an integer");
  }

  @Test
  void aBodyThatIsNotAnObjectSaysSo() {
    assertRefused("{\"dstdevice\":", DeviceAnswer.class, "not JSON");
    assertRefused("<html>", DeviceAnswer.class, "not JSON");
    assertRefused("[]", DeviceAnswer.class, "not a JSON object");
    assertRefused("null", DeviceAnswer.class, "not a JSON object");
    assertRefused("\"Comp1\"", DeviceAnswer.class, "not a JSON object");
    assertRefused("", DeviceAnswer.class, "not a JSON object");
  }

  @Test
  void aNumberTooLargeIsRefused() {
    assertRefused(
        "{\"dstdevice\":\"Comp1\",\"count\":99999999999999999999}",
        DeviceAnswer.class,
        "\"count\" is a number out of range");
  }

  private static <T> T read(String body, Class<T> type) {
    return Wire.read(body.getBytes(StandardCharsets.UTF_8), type);
  }

  private static void assertRefused(String body, Class<?> type, String problem) {
    assertThatThrownBy(() -> read(body, type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a " + type.getSimpleName() + ": " + problem);
  }
}
