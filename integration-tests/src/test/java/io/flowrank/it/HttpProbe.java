package io.flowrank.it;

import io.flowrank.it.ApiClient.HttpAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Any request to a streams app on loopback, for probing its HTTP layer: {@link #send} goes through
 * {@link HttpClient} when the target is a URI it accepts, and through {@link #raw} otherwise;
 * {@link #raw} writes the given HTTP/1.1 request bytes as they are on a plain socket to 127.0.0.1,
 * so a malformed request (bad percent-encoding, a backslash, a broken request line, a huge header)
 * reaches the server exactly as written. Answers are read whole ({@code Connection: close}).
 */
final class HttpProbe {

  private static final String LOOPBACK = "127.0.0.1";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(ApiClient.REQUEST)
          .build();

  private final int port;

  HttpProbe(int port) {
    this.port = port;
  }

  /** A probe of the app whose HTTP API is at {@code httpAddress} ({@code 127.0.0.1:PORT}). */
  static HttpProbe of(String httpAddress) {
    if (!httpAddress.startsWith(LOOPBACK + ":")) {
      throw new IllegalArgumentException("probes stay on loopback, not " + httpAddress);
    }
    return new HttpProbe(Integer.parseInt(httpAddress.substring(LOOPBACK.length() + 1)));
  }

  /** {@code method target} with an empty body; {@code target} is the path and query as sent. */
  HttpAnswer send(String method, String target) throws IOException, InterruptedException {
    URI uri;
    try {
      uri = URI.create("http://" + LOOPBACK + ":" + port + target);
    } catch (IllegalArgumentException notAUri) {
      return raw(request(method, target, ""));
    }
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(ApiClient.REQUEST)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return ApiClient.answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Retry-After"),
        response.body());
  }

  /**
   * The bytes of a request {@code method target HTTP/1.1} to this app, with {@code Host} and {@code
   * Connection: close}, then {@code extraHeaders} (each line ending in CRLF, or empty).
   */
  byte[] request(String method, String target, String extraHeaders) {
    String head =
        method
            + " "
            + target
            + " HTTP/1.1\r\n"
            + "Host: "
            + LOOPBACK
            + ":"
            + port
            + "\r\n"
            + "Connection: close\r\n"
            + extraHeaders
            + "\r\n";
    return head.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code request} as it is and reads the answer until the server closes. */
  HttpAnswer raw(byte[] request) throws IOException {
    byte[] response;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getByName(LOOPBACK), port),
          (int) ApiClient.REQUEST.toMillis());
      socket.setSoTimeout((int) ApiClient.REQUEST.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      response = socket.getInputStream().readAllBytes();
    }
    return parse(response);
  }

  /** Status line, headers and body of an HTTP/1.1 answer; a chunked body is de-chunked. */
  static HttpAnswer parse(byte[] response) throws IOException {
    int headEnd = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (headEnd < 0) {
      throw new IOException(
          "no complete HTTP head in: " + new String(response, StandardCharsets.ISO_8859_1));
    }
    String[] lines =
        new String(response, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP status line: " + lines[0]);
    }
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    byte[] body = Arrays.copyOfRange(response, headEnd + 4, response.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return ApiClient.answer(
        Integer.parseInt(statusLine[1]),
        headers.getOrDefault("content-type", ""),
        Optional.ofNullable(headers.get("retry-after")),
        new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
      if (lineEnd < 0) {
        throw new IOException("a chunk size line is cut");
      }
      String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      int start = lineEnd + 2;
      if (start + size > chunked.length) {
        throw new IOException("a chunk is cut");
      }
      out.write(chunked, start, size);
      at = start + size + 2;
    }
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
