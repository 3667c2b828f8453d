package io.flowrank.it;

import static io.flowrank.it.ApiCalls.awaitCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.kafka.TopicSetup;
import io.flowrank.streams.StreamsApp;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API against bad requests: every endpoint with bad parameters, odd and malformed paths,
 * wrong methods, oversized and broken requests, on one streams app holding replayed data. Whatever
 * the request, the answer is 200 for a valid one and otherwise the expected 4xx with a JSON {@code
 * {"error": "..."}} body, never a 500, a stack trace or an HTML error page, whether Javalin or
 * Jetty itself answers. Devices whose names need escaping in a path ({@code Compé}, {@code a/b},
 * {@code ..}) are in the data, so their paths must find them with their exact counts.
 *
 * <p>Each test sends its whole table of requests and then fails once, listing every answer that
 * broke a rule, so one run shows every problem.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class HttpFuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFuzzTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Devices whose names must be escaped in a path, and how many web flows each receives. */
  private static final Map<String, Long> ODD_DEVICES =
      Map.of("Compé", 3L, "a/b", 4L, "a\\b", 5L, "..", 6L, "50%", 7L, "x y", 8L);

  /** What a body must never hold: the marks of a Java stack trace. */
  private static final List<String> STACK_TRACE_MARKS =
      List.of("\tat ", "at io.", "at org.", "at java.", "Exception");

  private static final Set<Integer> OK = Set.of(200);
  private static final Set<Integer> BAD = Set.of(400);
  private static final Set<Integer> NOT_FOUND = Set.of(404);
  private static final Set<Integer> BAD_OR_NOT_FOUND = Set.of(400, 404);
  private static final Set<Integer> OK_OR_NOT_FOUND = Set.of(200, 404);
  private static final Set<Integer> ANY_OF_THEM = Set.of(200, 400, 404);

  /** A request too large for the server: 414 or 431 from Jetty, or 400/404 when it fits. */
  private static final Set<Integer> TOO_LARGE = Set.of(400, 404, 414, 431);

  @TempDir static Path tmp;

  private static TestResources resources;
  private static StreamsApp app;
  private static HttpProbe probe;
  private static int partitions;

  @BeforeAll
  static void startAnAppWithData() throws Exception {
    resources = new TestResources("HttpFuzzTest", TestKafka::embedded);
    Path data =
        TestData.generate(
            tmp.resolve("data"),
            TestData.TEN_FILES.withFiles(2).withRowsPerFile(2_000).withSeed(5));
    writeOddDevices(data.resolve("time_03.json"));
    BatchCount batch = TestData.batchCount(data);
    ODD_DEVICES.forEach(
        (device, flows) ->
            assertThat(batch.counts().get(device))
                .as("the batch count of %s", device)
                .isEqualTo(flows));
    partitions = resources.createTopics(TopicSetup.DEFAULT_PARTITIONS);
    String applicationId = resources.newApplicationId();
    app = resources.startStream(applicationId, tmp.resolve("state-" + applicationId));
    probe = HttpProbe.of(app.httpAddress());
    resources.replay(data);
    awaitCaughtUp(ApiCalls.client(app.httpUrl()), 3);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (resources != null) {
      resources.close();
    }
  }

  @Test
  void badParametersAre400sInJsonOnEveryEndpoint() throws Exception {
    Requests requests = new Requests();
    for (String query :
        List.of(
            "?n=-1",
            "?n=0",
            "?n=abc",
            "?n=99999999999",
            "?n=10001",
            "?n=",
            "?n=1&n=2",
            "?n=1.5",
            "?n=0x10",
            "?N=5",
            "?bogus=1",
            "?stale=maybe",
            "?stale=",
            "?stale=true&stale=false",
            "?n=%zz",
            "?%zz=1",
            "?n=1%00",
            "?n=%2F",
            "?n=5&partitions=0")) {
      requests.get("/api/top" + query, BAD);
    }
    for (String query : List.of("", "?n=1", "?n=10000", "?n=%2020", "?n=20&stale=true")) {
      requests.get("/api/top" + query, OK);
    }

    String device = "/api/devices/Comp%C3%A9";
    for (String query : List.of("?bogus=1", "?stale=maybe", "?stale=", "?n=5", "?stale=%zz")) {
      requests.get(device + query, BAD);
    }
    requests.get(device + "?stale=true", OK);

    for (String path : List.of("/api/counts", "/api/progress")) {
      for (String query : List.of("?bogus=1", "?n=5", "?stale=maybe", "?%zz")) {
        requests.get(path + query, BAD);
      }
      requests.get(path, OK);
    }
    requests.get("/api/counts?stale=true", OK);

    // The operational endpoints take no parameter and ignore any: a probe's query changes nothing.
    for (String path : List.of("/health", "/metrics", "/")) {
      for (String query : List.of("?bogus=1", "?n=-1", "?n=%zz", "?stale=maybe")) {
        requests.get(path + query, OK);
      }
    }

    String all =
        IntStream.range(0, partitions).mapToObj(Integer::toString).collect(Collectors.joining(","));
    for (String path : List.of("/internal/top", "/internal/stats", "/internal/counts")) {
      for (String query :
          List.of(
              "",
              "?partitions=",
              "?partitions=9,x,-1",
              "?partitions=" + partitions,
              "?partitions=x",
              "?partitions=-1",
              "?partitions=0,0",
              "?partitions=0,",
              "?partitions=0&partitions=1",
              "?partitions=0&stale=maybe",
              "?partitions=0&bogus=1",
              "?partitions=%zz",
              "?partitions=99999999999")) {
        requests.get(path + query, BAD);
      }
      requests.get(path + "?partitions=" + all, OK);
      requests.get(path + "?partitions=" + all + "&stale=true", OK);
    }
    for (String query : List.of("?partitions=0&n=0", "?partitions=0&n=abc", "?partitions=0&n=")) {
      requests.get("/internal/top" + query, BAD);
    }

    String internalDevice = "/internal/devices/Comp%C3%A9";
    for (String query :
        List.of(
            "",
            "?partition=",
            "?partition=-1",
            "?partition=" + partitions,
            "?partition=x",
            "?partitions=0",
            "?partition=0&partition=1",
            "?partition=0&stale=maybe",
            "?partition=0&bogus=1")) {
      requests.get(internalDevice + query, BAD);
    }
    for (int partition = 0; partition < partitions; partition++) {
      requests.get(internalDevice + "?partition=" + partition, OK_OR_NOT_FOUND);
    }

    requests.assertNoProblem();
  }

  @Test
  void devicePathsFindOddNamesExactlyAndAnswerJsonOtherwise() throws Exception {
    Requests requests = new Requests();
    Map<String, String> encoded = new LinkedHashMap<>();
    encoded.put("Compé", "Comp%C3%A9");
    encoded.put("a/b", "a%2Fb");
    encoded.put("a\\b", "a%5Cb");
    encoded.put("..", "%2E%2E");
    encoded.put("50%", "50%25");
    encoded.put("x y", "x%20y");
    for (var entry : encoded.entrySet()) {
      String target = "/api/devices/" + entry.getValue();
      requests.device(target, entry.getKey(), ODD_DEVICES.get(entry.getKey()));
      requests.device(target + "?stale=true", entry.getKey(), ODD_DEVICES.get(entry.getKey()));
      // The instance that owns the device answers 200 for its partition only, 404 for the others.
      int found = 0;
      for (int partition = 0; partition < partitions; partition++) {
        RawAnswer answer =
            requests.get(
                "/internal/devices/" + entry.getValue() + "?partition=" + partition,
                OK_OR_NOT_FOUND);
        if (answer.status() == 200) {
          found++;
          requests.expectCount(answer, entry.getKey(), ODD_DEVICES.get(entry.getKey()));
        }
      }
      requests.check(found == 1, entry.getKey() + " is in exactly one partition, found " + found);
    }
    requests.device("/api/devices/%2e%2e", "..", ODD_DEVICES.get(".."));

    // Sent as written (raw UTF-8 bytes, a raw backslash), then broken or odd percent-encoding.
    requests.device(
        probe.request("GET", "/api/devices/Compé", ""), "Compé", ODD_DEVICES.get("Compé"));
    requests.device(probe.request("GET", "/api/devices/a\\b", ""), "a\\b", ODD_DEVICES.get("a\\b"));
    requests.get("/api/devices/%zz", BAD);
    requests.get("/api/devices/50%", BAD);
    requests.get("/api/devices/%C3%28", BAD_OR_NOT_FOUND);
    requests.get("/api/devices/%FF", BAD_OR_NOT_FOUND);
    requests.get("/api/devices/%00", BAD_OR_NOT_FOUND);
    requests.get("/api/devices/a%00b", BAD_OR_NOT_FOUND);
    requests.get("/api/devices/x+y", NOT_FOUND);
    requests.get("/api/devices/NoSuchDevice", NOT_FOUND);
    requests.get("/api/devices/", NOT_FOUND);
    requests.get("/api/devices", NOT_FOUND);
    requests.get("/api/devices/a/b", NOT_FOUND);
    // No client normalises here: the route takes ".." as the literal name (no file behind it).
    requests.get("/api/devices/..", ANY_OF_THEM);
    requests.get("/api/devices/%2E%2E/%2E%2E/health", BAD_OR_NOT_FOUND);
    requests.get("/internal/devices/NoSuchDevice?partition=0", NOT_FOUND);

    // Dots, encoded slashes, backslashes and NULs elsewhere in a path.
    for (String target :
        List.of(
            "/api/top/..",
            "/api/../health",
            "/api/%2E%2E/health",
            "/api/%2e%2e/%2e%2e/etc/passwd",
            "/../../etc/passwd",
            "/api%2Ftop",
            "/api%2ftop",
            "//api/top",
            "/api//top",
            "/api/top%00",
            "/api/top;x=1",
            "/api;x=1/top",
            "/API/TOP",
            "/api/top/",
            "/api/top\\",
            "/api\\top",
            "/api/top%5C",
            "/internal/%2E%2E/api/top",
            "/favicon.ico",
            "/static/x.js",
            "/%",
            "/%zz",
            "/%C0%AE%C0%AE/")) {
      requests.get(target, ANY_OF_THEM);
    }
    requests.assertNoProblem();
  }

  @Test
  void wrongMethodsAre405sInJsonAndHeadIsGetWithoutABody() throws Exception {
    Requests requests = new Requests();
    List<String> endpoints =
        List.of(
            "/api/top",
            "/api/devices/Comp%C3%A9",
            "/api/counts",
            "/api/progress",
            "/health",
            "/metrics",
            "/",
            "/internal/top?partitions=0",
            "/internal/devices/Comp%C3%A9?partition=0",
            "/internal/counts?partitions=0",
            "/internal/stats?partitions=0");
    for (String target : endpoints) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        requests.send(method, target, Set.of(405));
      }
      requests.send("TRACE", target, Set.of(405));
      requests.send("OPTIONS", target, Set.of(405));
      requests.raw("FOO", target, "", Set.of(405));
      // HEAD is GET without the body (RFC 9110 §9.3.2): the same status.
      RawAnswer get = requests.get(target, OK_OR_NOT_FOUND);
      requests.send("HEAD", target, Set.of(get.status()));
    }
    requests.send("POST", "/no/such/path", Set.of(404, 405));
    requests.assertNoProblem();
  }

  @Test
  void oversizedAndMalformedRequestsAreJsonErrors() throws Exception {
    Requests requests = new Requests();
    requests.get("/api/devices/" + "x".repeat(10_240), TOO_LARGE);
    requests.get("/internal/devices/" + "x".repeat(10_240) + "?partition=0", TOO_LARGE);
    requests.get("/api/top?n=20&pad=" + "x".repeat(20_480), TOO_LARGE);
    requests.get("/api/top?" + "n=1&".repeat(5_000), TOO_LARGE);
    requests.raw("GET", "/api/top", "X-Pad: " + "x".repeat(20_480) + "\r\n", TOO_LARGE);
    requests.raw("GET", "/api/top", "X-Pad: x\r\n".repeat(2_000), TOO_LARGE);

    requests.rawBytes("a broken request line", ascii("GET /api/top HTTP/1.1 extra\r\n\r\n"), BAD);
    requests.rawBytes(
        "a space in the target", ascii("GET /api/a b HTTP/1.1\r\nHost: x\r\n\r\n"), BAD);
    requests.rawBytes("no Host header", ascii("GET /api/top HTTP/1.1\r\n\r\n"), BAD);
    requests.rawBytes(
        "two Host headers",
        ascii("GET /api/top HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
        BAD);
    requests.rawBytes(
        "a bad header line", ascii("GET /api/top HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n"), BAD);
    requests.rawBytes(
        "an unknown HTTP version",
        ascii("GET /api/top HTTP/9.9\r\nHost: a\r\n\r\n"),
        Set.of(400, 505));
    requests.rawBytes(
        "control bytes in the target",
        "GET /api/\u0001top HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.UTF_8),
        BAD);
    requests.rawBytes(
        "a bad chunk",
        ascii(
            "POST /api/top HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nzz\r\n"),
        Set.of(400, 405));
    requests.rawBytes(
        "a bad Content-Length",
        ascii("POST /api/top HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n"),
        BAD);
    requests.assertNoProblem();
  }

  @Test
  void metricsTagRoutesNeverRawPaths() throws Exception {
    Requests requests = new Requests();
    String marker = "zq7" + System.nanoTime();
    requests.get("/made/up/" + marker, NOT_FOUND);
    requests.get("/api/devices/" + marker, NOT_FOUND);
    requests.send("DELETE", "/api/top?" + marker + "=1", Set.of(405));
    requests.get("/api/top?" + marker + "=1", BAD);
    RawAnswer metrics = requests.get("/metrics", OK);
    requests.assertNoProblem();

    assertThat(metrics.text()).as("the scrape names no raw path").doesNotContain(marker);
    Set<String> routes =
        Set.of(
            "/api/top",
            "/api/devices/{dstdevice}",
            "/api/counts",
            "/api/progress",
            "/health",
            "/metrics",
            "/",
            "/internal/top",
            "/internal/devices/{dstdevice}",
            "/internal/counts",
            "/internal/stats",
            "UNMATCHED");
    Matcher path =
        Pattern.compile(
                "^http_server_requests_seconds_count\\{.*path=\"([^\"]*)\"", Pattern.MULTILINE)
            .matcher(metrics.text());
    Set<String> tagged = new HashSet<>();
    while (path.find()) {
      tagged.add(path.group(1));
    }
    assertThat(tagged).contains("UNMATCHED", "/api/devices/{dstdevice}", "/api/top");
    assertThat(routes).containsAll(tagged);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes web flows to the {@link #ODD_DEVICES}, one line per flow, in the generator's format. */
  private static void writeOddDevices(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (var entry : ODD_DEVICES.entrySet()) {
        for (int i = 0; i < entry.getValue(); i++) {
          Map<String, String> flow = new LinkedHashMap<>();
          flow.put("time", "172900");
          flow.put("duration", "1");
          flow.put("srcdevice", "Comp000001");
          flow.put("dstdevice", entry.getKey());
          flow.put("protocol", "6");
          flow.put("srcport", "Port00001");
          flow.put("dstport", i % 2 == 0 ? "80" : "443");
          out.write(JSON.writeValueAsString(flow));
          out.write('\n');
        }
      }
    }
  }

  /**
   * The requests of one test and every rule their answers broke: a status outside the expected
   * ones, an error that is not a JSON {@code {"error": ...}}, a stack trace, an HTML error page.
   */
  private static final class Requests {

    private final List<String> problems = new ArrayList<>();
    private int sent;

    RawAnswer get(String target, Set<Integer> expected) throws Exception {
      return send("GET", target, expected);
    }

    RawAnswer send(String method, String target, Set<Integer> expected) throws Exception {
      return checked(method + " " + shorten(target), probe.send(method, target), expected, method);
    }

    RawAnswer raw(String method, String target, String headers, Set<Integer> expected)
        throws Exception {
      String request = method + " " + shorten(target) + (headers.isEmpty() ? "" : " + big headers");
      return checked(request, probe.raw(probe.request(method, target, headers)), expected, method);
    }

    void rawBytes(String what, byte[] request, Set<Integer> expected) throws Exception {
      checked(what, probe.raw(request), expected, "GET");
    }

    /** A GET of one device that must answer 200 with exactly {@code flows}. */
    void device(String target, String device, long flows) throws Exception {
      expectCount(get(target, OK), device, flows);
    }

    /** The same, with the request's bytes as written. */
    void device(byte[] request, String device, long flows) throws Exception {
      String line = new String(request, StandardCharsets.UTF_8);
      RawAnswer answer =
          checked(line.substring(0, line.indexOf(" HTTP/")), probe.raw(request), OK, "GET");
      expectCount(answer, device, flows);
    }

    void expectCount(RawAnswer answer, String device, long flows) {
      if (answer.status() == 200) {
        Optional<DeviceAnswer> read = answer.readIf(DeviceAnswer.class);
        check(
            read.isPresent()
                && read.get().dstdevice().equals(device)
                && read.get().count() == flows,
            "the count of " + device + " is " + flows + ": " + answer.text());
      }
    }

    void check(boolean condition, String rule) {
      if (!condition) {
        problems.add(rule);
      }
    }

    void assertNoProblem() {
      LOG.info("{} requests sent, {} problems", sent, problems.size());
      assertThat(problems).as("answers breaking a rule, of %d requests", sent).isEmpty();
    }

    private RawAnswer checked(
        String request, RawAnswer answer, Set<Integer> expected, String method) {
      sent++;
      LOG.debug("{} -> {} {}", request, answer.status(), shorten(answer.text()));
      String seen = request + " -> " + answer.status() + " " + shorten(answer.text());
      check(expected.contains(answer.status()), "status not in " + expected + ": " + seen);
      boolean error = answer.status() >= 300;
      boolean head = method.equals("HEAD");
      if (error && !head) {
        check(
            answer.contentType().startsWith("application/json"),
            "an error with content type '" + answer.contentType() + "': " + seen);
        check(ApiCalls.hasJsonError(answer), "an error without {\"error\": ...}: " + seen);
      }
      if (head) {
        check(answer.text().isEmpty(), "a HEAD answer with a body: " + seen);
      }
      for (String mark : STACK_TRACE_MARKS) {
        check(!answer.text().contains(mark), "a stack trace mark '" + mark + "': " + seen);
      }
      boolean indexPage = answer.status() == 200 && isIndex(request);
      if (!indexPage) {
        String lower = answer.text().toLowerCase(Locale.ROOT);
        check(
            !answer.contentType().startsWith("text/html")
                && !lower.contains("<html")
                && !lower.contains("<h1")
                && !lower.contains("<!doctype"),
            "HTML: " + seen);
      }
      return answer;
    }

    /** The page at {@code /} is HTML by design. */
    private static boolean isIndex(String request) {
      String target = request.substring(request.indexOf(' ') + 1);
      return target.equals("/") || target.startsWith("/?");
    }

    private static String shorten(String text) {
      String oneLine = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
      return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "…";
    }
  }
}
