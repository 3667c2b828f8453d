package io.flowrank.core.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback (the JDK's) that answers each path and query with a canned
 * answer, and 404 with an {@link ErrorAnswer} for the others; it keeps the requests it got.
 */
final class CannedServer implements AutoCloseable {

  /** One canned answer; {@code retryAfter} is null when the header is not sent. */
  record Canned(int status, String contentType, String retryAfter, byte[] body) {

    static Canned json(int status, Object value) {
      try {
        return new Canned(status, "application/json", null, Wire.JSON.writeValueAsBytes(value));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    static Canned text(int status, String contentType, String body) {
      return new Canned(status, contentType, null, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A request as the server saw it. */
  record Request(String method, String rawPathAndQuery, String accept) {}

  private final HttpServer server;
  private final Map<String, Canned> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  CannedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          URI uri = exchange.getRequestURI();
          String query = uri.getRawQuery();
          String target = uri.getRawPath() + (query == null ? "" : "?" + query);
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  target,
                  exchange.getRequestHeaders().getFirst("Accept")));
          Canned answer =
              answers.getOrDefault(
                  target, Canned.json(404, new ErrorAnswer("no such path: " + uri.getPath())));
          exchange.getResponseHeaders().set("Content-Type", answer.contentType());
          if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
          }
          boolean head = exchange.getRequestMethod().equals("HEAD");
          exchange.sendResponseHeaders(
              answer.status(), head ? -1 : answer.body().length == 0 ? -1 : answer.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
              out.write(answer.body());
            }
          }
        });
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code pathAndQuery} (raw, as sent) with {@code answer} from now on. */
  CannedServer answer(String pathAndQuery, Canned answer) {
    answers.put(pathAndQuery, answer);
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
