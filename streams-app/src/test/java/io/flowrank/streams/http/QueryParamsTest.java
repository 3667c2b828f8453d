package io.flowrank.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The strict reading of query strings: every malformed or ambiguous query is a 400. */
class QueryParamsTest {

  private static final Set<String> TOP = Set.of("n", "stale");

  @Test
  void readsValidParametersAndDefaults() {
    assertThat(QueryParams.parse(null, TOP).intParam("n", 20, 1, 100)).isEqualTo(20);
    assertThat(QueryParams.parse("", TOP).boolParam("stale")).isFalse();
    QueryParams params = QueryParams.parse("n=%2042&stale=TRUE", TOP);
    assertThat(params.intParam("n", 20, 1, 100)).isEqualTo(42);
    assertThat(params.boolParam("stale")).isTrue();
    assertThat(QueryParams.parse("n=7&&", TOP).intParam("n", 20, 1, 100)).isEqualTo(7);
    assertThat(
            QueryParams.parse("partitions=2,0", Set.of("partitions")).partitions("partitions", 3))
        .containsExactly(2, 0);
    assertThat(QueryParams.parse("partition=2", Set.of("partition")).requiredInt("partition", 0, 3))
        .isEqualTo(2);
  }

  @Test
  void refusesBrokenEncodingUnknownAndRepeatedNames() {
    assertBadRequest("n=%zz", TOP, "malformed percent-encoding");
    assertBadRequest("%zz=1", TOP, "malformed percent-encoding");
    assertBadRequest("n=5%", TOP, "malformed percent-encoding");
    assertBadRequest("bogus=1", TOP, "unknown parameter 'bogus'");
    assertBadRequest("=1", TOP, "unknown parameter ''");
    assertBadRequest("n=1&n=2", TOP, "'n' is given more than once");
    assertBadRequest("verbose", Set.of(), "this path takes none");
  }

  @Test
  void refusesValuesOutOfRangeOrOfTheWrongType() {
    for (String n : new String[] {"-1", "0", "abc", "", "99999999999", "1.5", "101"}) {
      assertThatThrownBy(() -> QueryParams.parse("n=" + n, TOP).intParam("n", 20, 1, 100))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("'n' must be an integer from 1 to 100");
    }
    assertThatThrownBy(() -> QueryParams.parse("stale=maybe", TOP).boolParam("stale"))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(
            () -> QueryParams.parse(null, Set.of("partition")).requiredInt("partition", 0, 3))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'partition' is required");
    for (String partitions : new String[] {"", "9,x,-1", "0,0", "0,", "3"}) {
      assertThatThrownBy(
              () ->
                  QueryParams.parse("partitions=" + partitions, Set.of("partitions"))
                      .partitions("partitions", 3))
          .as(partitions)
          .isInstanceOf(BadRequestException.class);
    }
  }

  @Test
  void abbreviatesLongValuesInMessages() {
    String huge = "x".repeat(10_000);
    assertThatThrownBy(() -> QueryParams.parse("n=" + huge, TOP).intParam("n", 20, 1, 100))
        .hasMessageNotContaining(huge)
        .hasMessageContaining("…");
  }

  private static void assertBadRequest(String query, Set<String> allowed, String message) {
    assertThatThrownBy(() -> QueryParams.parse(query, allowed))
        .as(query)
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(message);
  }
}
