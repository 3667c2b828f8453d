package io.flowrank.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.peers.InternalRoutes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer alone, before Kafka Streams exists (the backend serves nothing yet): the answers
 * that need no data, and every refusal, from Javalin or from Jetty, as a JSON {@code {"error":
 * ...}}.
 */
class HttpApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  private HttpApi api;
  private PrometheusMeterRegistry metrics;

  /** Status, content type and body of one answer. */
  private record Answer(
      int status, String contentType, String retryAfter, String allow, String body) {

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  @BeforeEach
  void start() {
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Backend backend = new Backend();
    api =
        HttpApi.start(
            "127.0.0.1",
            0,
            metrics,
            new ApiRoutes("flowrank-test", WebPorts.DEFAULT, new RateHistory(), backend),
            new InternalRoutes(4, WebPorts.DEFAULT.asList(), backend::local),
            new OperationsRoutes(backend, metrics));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void notStartedYetIsA503WithRetryAfterAndBadParametersStillA400() throws Exception {
    Answer top = send("GET", "/api/top");
    assertJsonError(top, 503);
    assertThat(top.retryAfter()).isEqualTo("1");
    assertJsonError(send("GET", "/api/progress"), 503);
    assertJsonError(send("GET", "/internal/devices/x?partition=0"), 503);

    Answer health = send("GET", "/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().path("state").asText()).isEqualTo("NOT_STARTED");

    assertJsonError(send("GET", "/api/top?n=0"), 400);
    assertJsonError(send("GET", "/api/top?n=1&n=2"), 400);
    assertJsonError(send("GET", "/api/devices/x?stale=maybe"), 400);
    assertJsonError(send("GET", "/api/devices/x?rank=maybe"), 400);
    assertJsonError(send("GET", "/internal/above?by=count&score=1&partitions=0"), 400);
    assertJsonError(send("GET", "/internal/above?dstdevice=x&score=-1&partitions=0"), 400);
    // The counts-only version's probe: its name is no longer one the internal API takes.
    assertJsonError(send("GET", "/internal/above?dstdevice=x&count=1&partitions=0"), 400);
  }

  @Test
  void aMeasureNotKnownOrGivenTwiceIsA400NamingTheAllowedOnes() throws Exception {
    for (String target :
        new String[] {
          "/api/top?by=bytes",
          "/api/top?by=Count",
          "/api/top?by=",
          "/api/devices/x?rank=true&by=servers",
          "/internal/top?by=bytes&partitions=0",
          "/internal/above?dstdevice=x&by=bytes&score=1&partitions=0"
        }) {
      Answer refused = send("GET", target);
      assertJsonError(refused, 400);
      assertThat(refused.json().path("error").asText())
          .as(target)
          .contains("'by' must be one of count, answered, clients, bytesOut, bytesIn");
    }
    Answer twice = send("GET", "/api/top?by=count&by=clients");
    assertJsonError(twice, 400);
    assertThat(twice.json().path("error").asText())
        .isEqualTo("parameter 'by' is given more than once");
    assertJsonError(send("GET", "/api/devices/x?rank=true&by=count&by=count"), 400);
    // A good measure still waits for Kafka Streams.
    assertJsonError(send("GET", "/api/top?by=bytesIn"), 503);
  }

  @Test
  void theDashboardsQueriesAnswerBeforeKafkaStreamsStarts() throws Exception {
    // What the dashboard reads to decide whether to ask for the ranking: never a 503.
    Answer cluster = send("GET", "/api/cluster");
    assertThat(cluster.status()).isEqualTo(200);
    assertThat(cluster.json().path("state").asText()).isEqualTo("NOT_STARTED");
    assertThat(cluster.json().path("applicationId").asText()).isEqualTo("flowrank-test");
    assertThat(cluster.json().path("ports").toString()).isEqualTo("[80,443]");
    assertThat(cluster.json().path("partitions").path("covered").asInt()).isZero();
    assertThat(cluster.json().path("instances").size()).isZero();

    Answer rates = send("GET", "/api/rates");
    assertThat(rates.status()).isEqualTo(200);
    assertThat(rates.json().path("intervalSeconds").asInt()).isEqualTo(2);
    assertThat(rates.json().path("samples").isArray()).isTrue();
    assertJsonError(send("GET", "/api/rates?x=1"), 400);
  }

  @Test
  void theDashboardIsServedFromTheJarWithItsOwnContentTypesAndPolicy() throws Exception {
    Answer page = send("GET", "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).isEqualToIgnoringWhitespace("text/html;charset=utf-8");
    assertThat(page.body()).contains("<title>flowrank", "/dashboard.js", "/favicon.svg");
    assertThat(page.body()).doesNotContain("http://", "https://"); // nothing from elsewhere
    HttpResponse<String> withHeaders = get("/");
    assertThat(withHeaders.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'");
    assertThat(send("GET", "/dashboard.js").contentType())
        .isEqualToIgnoringWhitespace("text/javascript;charset=utf-8");
    assertThat(send("GET", "/dashboard.css").contentType())
        .isEqualToIgnoringWhitespace("text/css;charset=utf-8");
    assertThat(send("GET", "/favicon.svg").contentType()).startsWith("image/svg+xml");
    assertJsonError(send("GET", "/no-such-asset.js"), 404);
  }

  @Test
  void unknownPathsAndMethodsAreJson404sAnd405s() throws Exception {
    Answer missing = send("GET", "/no/such/path");
    assertJsonError(missing, 404);
    assertThat(missing.json().path("error").asText()).contains("/no/such/path");
    assertJsonError(send("GET", "/api/devices/"), 404);
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"}) {
      Answer refused = send(method, "/api/top");
      assertJsonError(refused, 405);
      assertThat(refused.allow()).isEqualTo("GET, HEAD");
    }
    Answer head = send("HEAD", "/health");
    assertThat(head.status()).isEqualTo(503);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void requestsJettyRefusesItselfAreJsonErrorsToo() throws Exception {
    assertJsonError(
        raw("GET /api/devices/" + "x".repeat(10_240) + " HTTP/1.1\r\nHost: a\r\n\r\n"), 414);
    assertJsonError(
        raw("GET /api/top HTTP/1.1\r\nHost: a\r\nX-Pad: " + "x".repeat(20_480) + "\r\n\r\n"), 431);
    assertJsonError(raw("GET /api/devices/%zz HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assertJsonError(raw("GET /api/top HTTP/1.1 extra\r\n\r\n"), 400);
    assertJsonError(raw("GET /api/top HTTP/1.1\r\n\r\n"), 400);
  }

  @Test
  void theRequestMetricNamesRoutesNotRawPaths() throws Exception {
    send("GET", "/made/up/path-4711");
    send("GET", "/api/devices/device-4711");
    send("DELETE", "/api/top");
    String scrape = send("GET", "/metrics").body();
    assertThat(scrape)
        .doesNotContain("4711")
        .contains("path=\"UNMATCHED\"", "path=\"/api/devices/{dstdevice}\"");
  }

  @Test
  void eachRouteIsTimedInBucketsSoPrometheusGivesTheServersP99() throws Exception {
    send("GET", "/health");
    send("GET", "/health");
    String scrape = send("GET", "/metrics").body();
    Map<String, Double> byBound = new HashMap<>();
    Matcher bucket =
        Pattern.compile("^http_server_requests_seconds_bucket\\{(.*)} (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    while (bucket.find()) {
      String labels = bucket.group(1);
      Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
      if (labels.contains("path=\"/health\"")
          && labels.contains("status=\"503\"")
          && le.find()) {
        byBound.put(le.group(1), Double.parseDouble(bucket.group(2)));
      }
    }
    assertThat(byBound).as(scrape).containsKeys("0.001", "0.005", "0.01", "10.0", "+Inf");
    assertThat(byBound.get("+Inf")).isEqualTo(2.0);
  }

  private static void assertJsonError(Answer answer, int status) throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json().path("error").asText()).as(answer.body()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception", "\tat ", "<html", "<h1");
  }

  private HttpResponse<String> get(String target) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + target))
            .timeout(TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private Answer send(String method, String target) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + target))
                .timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Retry-After").orElse(""),
        response.headers().firstValue("Allow").orElse(""),
        response.body());
  }

  /** Writes {@code request} as it is; Jetty answers these with a length and closes. */
  private Answer raw(String request) throws IOException {
    String response;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    int headEnd = response.indexOf("\r\n\r\n");
    assertThat(headEnd).as("an HTTP answer: %s", response).isPositive();
    String[] head = response.substring(0, headEnd).split("\r\n");
    String contentType = "";
    for (String header : head) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
        contentType = header.substring(header.indexOf(':') + 1).strip();
      }
    }
    return new Answer(
        Integer.parseInt(head[0].split(" ")[1]),
        contentType,
        "",
        "",
        response.substring(headEnd + 4));
  }
}
