package io.flowrank.core.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MappingIterator;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.text.TerminalText;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client of the streams app's HTTP API (docs/design.md, "HTTP API"), shared by the verifier,
 * the demo and the tests: each answer is read into its record with {@link Wire}, and every failure
 * is an {@link ApiException} saying whether waiting may help. {@code /api/counts} is read as a
 * stream, so a million devices cost their map and no more. The server's words in a message are
 * escaped and cut. Thread-safe.
 */
public final class ApiClient {

  /** How much of an error body is kept for a message. */
  private static final int MAX_ERROR_CHARS = 300;

  private static final String DEVICES = "/api/devices/";

  private final URI endpoint;
  private final String base;
  private final HttpClient client;

  public ApiClient(URI endpoint, Duration connectTimeout) {
    this.endpoint = endpoint;
    String text = endpoint.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.client =
        HttpClient.newBuilder()
            // HTTP/1.1 plainly: no h2c upgrade dance with a server that does not need it.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** An answer of {@code GET /health}: 200 when the state is RUNNING, 503 otherwise. */
  public record Health(int status, HealthAnswer answer) {}

  /** {@code GET /api/progress}. */
  public Progress progress(Duration timeout) throws ApiException, InterruptedException {
    return read("/api/progress", Progress.class, timeout);
  }

  /** {@code GET /api/top?n=N}: the first {@code n} devices, best first. */
  public TopAnswer top(int n, Duration timeout) throws ApiException, InterruptedException {
    return read("/api/top?n=" + n, TopAnswer.class, timeout);
  }

  /** {@code GET /api/top?n=N&by=M}: the first {@code n} devices by a measure, best first. */
  public TopAnswer top(int n, Measure by, Duration timeout)
      throws ApiException, InterruptedException {
    return read("/api/top?n=" + n + "&by=" + by.wireName(), TopAnswer.class, timeout);
  }

  /**
   * {@code GET /api/top?n=N&by=M&window=W}: the first {@code n} devices of one window by a measure,
   * best first; {@code window} is {@code latest} or a window's start.
   */
  public TopAnswer top(int n, Measure by, String window, Duration timeout)
      throws ApiException, InterruptedException {
    return read(
        "/api/top?n=" + n + "&by=" + by.wireName() + "&window=" + window, TopAnswer.class, timeout);
  }

  /** {@code GET /api/windows}: the windows the streams app holds, oldest first. */
  public List<WindowAnswer> windows(Duration timeout) throws ApiException, InterruptedException {
    return List.of(read("/api/windows", WindowAnswer[].class, timeout));
  }

  /** {@code GET /api/events?limit=N}: the latest devices that became web servers, newest first. */
  public List<ServerEvent> events(int limit, Duration timeout)
      throws ApiException, InterruptedException {
    return List.of(read("/api/events?limit=" + limit, ServerEvent[].class, timeout));
  }

  /** {@code GET /api/devices/{dstdevice}/timeline}: the device's evidence per window held. */
  public TimelineAnswer timeline(String dstdevice, Duration timeout)
      throws ApiException, InterruptedException {
    return read(DEVICES + pathSegment(dstdevice) + "/timeline", TimelineAnswer.class, timeout);
  }

  /** The web ports the streams app counts, from {@code GET /api/top?n=1}. */
  public WebPorts ports(Duration timeout) throws ApiException, InterruptedException {
    String path = "/api/top?n=1";
    TopAnswer top = read(path, TopAnswer.class, timeout);
    try {
      return WebPorts.of(top.ports());
    } catch (IllegalArgumentException e) {
      throw badAnswer(path, e.getMessage());
    }
  }

  /** {@code GET /api/devices/{dstdevice}}: the device's count, empty when it has none (404). */
  public Optional<DeviceAnswer> device(String dstdevice, Duration timeout)
      throws ApiException, InterruptedException {
    String path = DEVICES + pathSegment(dstdevice);
    RawAnswer answer = send("GET", path, timeout, true);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(body(path, answer, DeviceAnswer.class));
  }

  /** {@code GET /api/devices/{dstdevice}?rank=true}: the device's place in the ranking. */
  public DeviceRankAnswer deviceRank(String dstdevice, Duration timeout)
      throws ApiException, InterruptedException {
    return read(DEVICES + pathSegment(dstdevice) + "?rank=true", DeviceRankAnswer.class, timeout);
  }

  /** {@code GET /api/cluster}. */
  public ClusterAnswer cluster(Duration timeout) throws ApiException, InterruptedException {
    return read("/api/cluster", ClusterAnswer.class, timeout);
  }

  /** {@code GET /api/rates}. */
  public RatesAnswer rates(Duration timeout) throws ApiException, InterruptedException {
    return read("/api/rates", RatesAnswer.class, timeout);
  }

  /** {@code GET /health}: its 503 is an answer here, with the state that is not RUNNING. */
  public Health health(Duration timeout) throws ApiException, InterruptedException {
    String path = "/health";
    RawAnswer answer = send("GET", path, timeout, true);
    if (answer.status() != 200 && answer.status() != 503) {
      throw statusProblem(path, answer.status(), errorOf(answer.body()));
    }
    return new Health(answer.status(), decode(path, answer.body(), HealthAnswer.class));
  }

  /**
   * Every device's evidence, from {@code GET /api/counts} (NDJSON, one {@link DeviceAnswer} a line,
   * each device once), read line by line: a million devices cost their map and no more.
   *
   * @param timeout how long to wait for the answer to start; the body then streams without a limit
   */
  public Map<String, Evidence> counts(Duration timeout)
      throws ApiException, InterruptedException {
    return fetchCounts("/api/counts", timeout);
  }

  /**
   * Every device's evidence in the window starting at {@code window}, from {@code GET
   * /api/counts?window=W}, as {@link #counts(Duration)} reads all time.
   */
  public Map<String, Evidence> counts(long window, Duration timeout)
      throws ApiException, InterruptedException {
    return fetchCounts("/api/counts?window=" + window, timeout);
  }

  private Map<String, Evidence> fetchCounts(String path, Duration timeout)
      throws ApiException, InterruptedException {
    HttpResponse<InputStream> response =
        exchange(
            request("GET", path, timeout, true), HttpResponse.BodyHandlers.ofInputStream(), path);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw statusProblem(path, response.statusCode(), errorOf(body.readNBytes(64 * 1024)));
      }
      return readCounts(path, body);
    } catch (IOException e) {
      throw new ApiException(
          ApiException.Problem.UNREACHABLE,
          "the answer of GET " + base + path + " broke off: " + describe(e));
    }
  }

  /**
   * {@code method pathAndQuery} as it is (no {@code Accept} header), the answer whatever its
   * status: for callers that check statuses, headers and error bodies themselves.
   *
   * @throws ApiException only when no answer came (or {@code pathAndQuery} makes no URL)
   */
  public RawAnswer send(String method, String pathAndQuery, Duration timeout)
      throws ApiException, InterruptedException {
    return send(method, pathAndQuery, timeout, false);
  }

  private <T> T read(String path, Class<T> type, Duration timeout)
      throws ApiException, InterruptedException {
    return body(path, send("GET", path, timeout, true), type);
  }

  /** The body of a 200 as a {@code type}; any other status is a problem. */
  private <T> T body(String path, RawAnswer answer, Class<T> type) throws ApiException {
    if (answer.status() != 200) {
      throw statusProblem(path, answer.status(), errorOf(answer.body()));
    }
    return decode(path, answer.body(), type);
  }

  private <T> T decode(String path, byte[] body, Class<T> type) throws ApiException {
    try {
      return Wire.decode(body, type);
    } catch (IOException e) {
      throw badAnswer(path, abbreviate(Wire.problem(e)));
    }
  }

  private Map<String, Evidence> readCounts(String path, InputStream body)
      throws IOException, ApiException {
    Map<String, Evidence> counts = new HashMap<>();
    try (MappingIterator<DeviceAnswer> lines =
        Wire.JSON.readerFor(DeviceAnswer.class).readValues(body)) {
      while (lines.hasNextValue()) {
        DeviceAnswer line;
        try {
          line = lines.nextValue();
        } catch (JsonMappingException | InputCoercionException e) {
          throw badLine(path, lines, e instanceof JsonMappingException m && m.getPath().isEmpty());
        }
        Evidence evidence;
        try {
          evidence = line.evidence();
        } catch (IllegalArgumentException negative) {
          throw badLine(path, lines, false);
        }
        if (line.dstdevice().isEmpty() || line.count() < 0 || line.answered() < 0 || line.clients() < 0) {
          throw badLine(path, lines, false);
        }
        if (counts.put(line.dstdevice(), evidence) != null) {
          throw badAnswer(path, "device " + abbreviate(line.dstdevice()) + " appears twice");
        }
      }
    } catch (JsonParseException e) {
      throw badAnswer(path, "not NDJSON: " + abbreviate(e.getOriginalMessage()));
    }
    return counts;
  }

  /** The line {@code lines} stopped at is not a {@link DeviceAnswer}. */
  private ApiException badLine(String path, MappingIterator<?> lines, boolean notAnObject) {
    String what = notAnObject ? "a JSON object" : "{\"dstdevice\": name, \"count\": N}";
    return badAnswer(
        path, "line " + lines.getParser().currentLocation().getLineNr() + " is not " + what);
  }

  private RawAnswer send(String method, String path, Duration timeout, boolean acceptJson)
      throws ApiException, InterruptedException {
    HttpResponse<byte[]> response =
        exchange(
            request(method, path, timeout, acceptJson),
            HttpResponse.BodyHandlers.ofByteArray(),
            path);
    return new RawAnswer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Retry-After"),
        response.body());
  }

  private HttpRequest request(String method, String path, Duration timeout, boolean acceptJson)
      throws ApiException {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(timeout)
              .method(method, HttpRequest.BodyPublishers.noBody());
      if (acceptJson) {
        request.header("Accept", "application/json, application/x-ndjson");
      }
      return request.build();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiException.Problem.BAD_ANSWER, "bad URL " + base + path);
    }
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, String path)
      throws ApiException, InterruptedException {
    try {
      return client.send(request, handler);
    } catch (IOException | UnresolvedAddressException e) {
      throw new ApiException(ApiException.Problem.UNREACHABLE, describe(e));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiException.Problem.BAD_ANSWER, "bad URL " + base + path);
    }
  }

  private ApiException statusProblem(String path, int status, String error) {
    String detail = error.isEmpty() ? "" : ": " + error;
    if (status == 503) {
      return new ApiException(ApiException.Problem.NOT_READY, "not ready" + detail);
    }
    return badAnswer(path, "HTTP " + status + detail);
  }

  private ApiException badAnswer(String path, String what) {
    return new ApiException(
        ApiException.Problem.BAD_ANSWER,
        "GET " + base + path + " gave an answer the verifier cannot use: " + what);
  }

  /** The {@code error} of an {@link ErrorAnswer} body, else the body's first characters. */
  private static String errorOf(byte[] body) {
    return abbreviate(
        Wire.tryDecode(body, ErrorAnswer.class)
            .map(ErrorAnswer::error)
            .orElseGet(() -> new String(body, StandardCharsets.UTF_8)));
  }

  private static String abbreviate(String text) {
    return TerminalText.abbreviate(text, MAX_ERROR_CHARS);
  }

  /** {@code dstdevice} percent-encoded but for letters, digits, '-' and '_': dots too. */
  private static String pathSegment(String dstdevice) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : dstdevice.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_') {
        encoded.append(c);
      } else {
        encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return encoded.toString();
  }

  /** The JDK's client often throws with a null message: name the cause instead. */
  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host";
      }
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return abbreviate(t.getMessage());
      }
    }
    return e.getClass().getSimpleName();
  }
}
