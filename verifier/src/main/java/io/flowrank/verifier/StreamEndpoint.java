package io.flowrank.verifier;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.api.Progress;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.rules.WebPorts;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of the streams app's API (DESIGN §3): {@code /api/progress}, {@code /api/counts}
 * and the web ports of {@code /api/top}. Every failure becomes an {@link EndpointException} saying
 * whether waiting may help. {@code /api/counts} is read as a stream, one device at a time, so a
 * million devices cost their map and no more. Thread-safe.
 */
public final class StreamEndpoint {

  /** How much of an error body is kept for a message. */
  private static final int MAX_ERROR_CHARS = 300;

  private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String base;
  private final HttpClient client;

  public StreamEndpoint(URI endpoint, Duration connectTimeout) {
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

  /** {@code GET /api/progress}. */
  public Progress progress(Duration timeout) throws EndpointException, InterruptedException {
    String path = "/api/progress";
    JsonNode json = getJson(path, timeout);
    try {
      return Progress.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw badAnswer(path, e.getMessage());
    }
  }

  /** The stream's first {@code n} devices, from {@code GET /api/top?n=N}, best first. */
  public List<DeviceCount> top(int n, Duration timeout) throws EndpointException, InterruptedException {
    String path = "/api/top?n=" + n;
    JsonNode devices = getJson(path, timeout).get("devices");
    if (devices == null || !devices.isArray()) {
      throw badAnswer(path, "no \"devices\" array");
    }
    List<DeviceCount> list = new ArrayList<>();
    for (JsonNode device : devices) {
      JsonNode name = device.get("dstdevice");
      JsonNode count = device.get("count");
      if (name == null || !name.isTextual() || count == null || !count.canConvertToLong()) {
        throw badAnswer(path, "a device is not {dstdevice, count}: " + abbreviate(device.toString()));
      }
      list.add(new DeviceCount(name.textValue(), count.longValue()));
    }
    return list;
  }

  /** The web ports the streams app counts, from {@code GET /api/top?n=1}. */
  public WebPorts ports(Duration timeout) throws EndpointException, InterruptedException {
    String path = "/api/top?n=1";
    JsonNode json = getJson(path, timeout);
    JsonNode ports = json.get("ports");
    if (ports == null || !ports.isArray()) {
      throw badAnswer(path, "no \"ports\" array");
    }
    List<Integer> list = new ArrayList<>();
    for (JsonNode port : ports) {
      if (!port.isInt()) {
        throw badAnswer(path, "a port is not an integer: " + abbreviate(port.toString()));
      }
      list.add(port.intValue());
    }
    try {
      return WebPorts.of(list);
    } catch (IllegalArgumentException e) {
      throw badAnswer(path, e.getMessage());
    }
  }

  /**
   * Every device's count, from {@code GET /api/counts} (NDJSON, each device once).
   *
   * @param timeout how long to wait for the answer to start; the body then streams without a limit
   */
  public Map<String, Long> counts(Duration timeout) throws EndpointException, InterruptedException {
    String path = "/api/counts";
    HttpResponse<InputStream> response =
        send(path, timeout, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw statusProblem(path, response.statusCode(), readError(body));
      }
      return readCounts(path, body);
    } catch (IOException e) {
      throw new EndpointException(
          EndpointException.Problem.UNREACHABLE,
          "the answer of GET " + base + path + " broke off: " + describe(e));
    }
  }

  private Map<String, Long> readCounts(String path, InputStream body)
      throws IOException, EndpointException {
    Map<String, Long> counts = new HashMap<>();
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw badAnswer(path, "line " + lineOf(parser) + " is not a JSON object");
        }
        String device = null;
        Long count = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("dstdevice".equals(field) && value == JsonToken.VALUE_STRING) {
            device = parser.getText();
          } else if ("count".equals(field)
              && value == JsonToken.VALUE_NUMBER_INT
              && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            count = parser.getLongValue();
          } else {
            parser.skipChildren();
          }
        }
        if (device == null || device.isEmpty() || count == null || count < 0) {
          throw badAnswer(
              path, "line " + lineOf(parser) + " is not {\"dstdevice\": name, \"count\": N}");
        }
        if (counts.put(device, count) != null) {
          throw badAnswer(path, "device " + abbreviate(device) + " appears twice");
        }
      }
    } catch (JsonParseException e) {
      throw badAnswer(path, "not NDJSON: " + e.getOriginalMessage());
    }
    return counts;
  }

  private static long lineOf(JsonParser parser) {
    return parser.currentLocation().getLineNr();
  }

  private JsonNode getJson(String path, Duration timeout)
      throws EndpointException, InterruptedException {
    HttpResponse<byte[]> response = send(path, timeout, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw statusProblem(path, response.statusCode(), errorOf(response.body()));
    }
    try {
      JsonNode json = JSON.readTree(response.body());
      if (json == null || !json.isObject()) {
        throw badAnswer(path, "not a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw badAnswer(path, "not JSON");
    }
  }

  private <T> HttpResponse<T> send(
      String path, Duration timeout, HttpResponse.BodyHandler<T> handler)
      throws EndpointException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", "application/json, application/x-ndjson")
            .GET()
            .build();
    try {
      return client.send(request, handler);
    } catch (IOException | UnresolvedAddressException e) {
      throw new EndpointException(EndpointException.Problem.UNREACHABLE, describe(e));
    } catch (IllegalArgumentException e) {
      throw new EndpointException(EndpointException.Problem.BAD_ANSWER, "bad URL " + base + path);
    }
  }

  private EndpointException statusProblem(String path, int status, String error) {
    String detail = error.isEmpty() ? "" : ": " + error;
    if (status == 503) {
      return new EndpointException(EndpointException.Problem.NOT_READY, "not ready" + detail);
    }
    return badAnswer(path, "HTTP " + status + detail);
  }

  private EndpointException badAnswer(String path, String what) {
    return new EndpointException(
        EndpointException.Problem.BAD_ANSWER,
        "GET " + base + path + " gave an answer the verifier cannot use: " + what);
  }

  private static String readError(InputStream body) throws IOException {
    return errorOf(body.readNBytes(64 * 1024));
  }

  /** The {@code error} of a {@code {"error": ...}} body, else the body's first characters. */
  private static String errorOf(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.path("error").isTextual()) {
        return abbreviate(json.get("error").asText());
      }
    } catch (IOException e) {
      // Not JSON: the raw text below is the best message there is.
      LOG.debug("error body is not JSON", e);
    }
    return abbreviate(new String(body, StandardCharsets.UTF_8).strip());
  }

  /** One line, escaped and cut: the server's words end up on the user's terminal. */
  private static String abbreviate(String text) {
    String oneLine = TableRenderer.escape(text.strip().replaceAll("\\s+", " "));
    return oneLine.length() <= MAX_ERROR_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_ERROR_CHARS) + "...";
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
