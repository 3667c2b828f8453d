package io.flowrank.it;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.RawAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Any request to a streams app on loopback, for probing its HTTP layer: {@link #send} goes through
 * the {@link ApiClient} when the target is a URI, and through {@link #raw} otherwise;
 * {@link #raw} writes the given HTTP/1.1 request bytes as they are on a plain socket to 127.0.0.1,
 * so a malformed request (bad percent-encoding, a backslash, a broken request line, a huge header)
 * reaches the server exactly as written. Answers are read whole ({@code Connection: close}).
 */
final class HttpProbe {

  private static final String LOOPBACK = "127.0.0.1";

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
  RawAnswer send(String method, String target)
      throws IOException, ApiException, InterruptedException {
    String base = "http://" + LOOPBACK + ":" + port;
    try {
      URI.create(base + target);
    } catch (IllegalArgumentException notAUri) {
      return raw(request(method, target, ""));
    }
    return ApiCalls.client(base).send(method, target, ApiCalls.REQUEST);
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
  RawAnswer raw(byte[] request) throws IOException {
    byte[] response;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getByName(LOOPBACK), port),
          (int) ApiCalls.REQUEST.toMillis());
      socket.setSoTimeout((int) ApiCalls.REQUEST.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      response = socket.getInputStream().readAllBytes();
    }
    return parse(response);
  }

  /** Status line, headers and body of an HTTP/1.1 answer; a chunked body is de-chunked. */
  static RawAnswer parse(byte[] response) throws IOException {
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
    return new RawAnswer(
        Integer.parseInt(statusLine[1]),
        headers.getOrDefault("content-type", ""),
        Optional.ofNullable(headers.get("retry-after")),
        body);
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
