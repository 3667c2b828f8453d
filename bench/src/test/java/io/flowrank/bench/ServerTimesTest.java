package io.flowrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTimesTest {

  private static final String TOP = "method=\"GET\",path=\"/api/top\",status=\"200\"";

  private static String bucket(String labels, String bound, long count) {
    return "http_server_requests_seconds_bucket{" + labels + ",le=\"" + bound + "\"} " + count;
  }

  private static String scrape(long within1ms, long within5ms, long within10ms, long all) {
    return String.join(
        "\n",
        "# TYPE http_server_requests_seconds histogram",
        bucket(TOP, "0.001", within1ms),
        bucket(TOP, "0.005", within5ms),
        bucket(TOP, "0.01", within10ms),
        bucket(TOP, "+Inf", all),
        bucket("method=\"GET\",path=\"/api/top\",status=\"503\"", "+Inf", 7),
        bucket("method=\"GET\",path=\"/api/progress\",status=\"200\"", "0.001", 40),
        "http_server_requests_seconds_count{" + TOP + "} " + all,
        "");
  }

  @Test
  void countsTheRoutesAnswersBetweenTwoScrapes() {
    ServerTimes before = ServerTimes.of(scrape(10, 10, 10, 10), "/api/top");
    ServerTimes between =
        ServerTimes.of(scrape(510, 1_000, 1_005, 1_010), "/api/top").since(before);

    assertThat(between.count()).isEqualTo(1_000);
    assertThat(between.shareWithin(0.005)).isEqualTo(0.99);
    assertThat(between.atMostMillis(0.5)).isEqualTo(1.0);
    assertThat(between.atMostMillis(0.99)).isEqualTo(5.0);
    assertThat(between.atMostMillis(0.995)).isEqualTo(10.0);
    assertThat(between.atMostMillis(1.0)).isInfinite();
  }

  @Test
  void aRouteNeverAnsweredHasNoFigures() {
    ServerTimes none = ServerTimes.of(scrape(1, 2, 3, 4), "/api/counts");

    assertThat(none.count()).isZero();
    assertThat(none.shareWithin(0.005)).isNaN();
    assertThat(none.atMostMillis(0.99)).isNaN();
  }
}
