package io.flowrank.verifier;

import io.flowrank.core.evidence.Evidence;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowrank.core.api.Coverage;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ErrorAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.Wire;
import io.javalin.Javalin;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server answering like the streams app (docs/design.md §4) with canned answers: progress
 * answers are served in turn, the last one repeated, so a test can walk the verifier through "not
 * ready", "catching up" and "caught up".
 */
final class FakeStreamsApp implements AutoCloseable {

  /** One canned HTTP answer. */
  record Answer(int status, String contentType, String body) {}

  private final Javalin app;
  private final Deque<Answer> progress = new ArrayDeque<>();
  private volatile Answer counts = json(200, new ErrorAnswer("no counts set"));
  private volatile Answer top = topAnswer(List.of(80, 443));
  private volatile Answer windows = json(200, List.of());
  private volatile Answer events = json(200, List.of());
  private volatile Map<Long, Answer> windowCounts = Map.of();
  final AtomicInteger progressRequests = new AtomicInteger();
  final AtomicInteger topRequests = new AtomicInteger();
  final AtomicInteger countsRequests = new AtomicInteger();

  FakeStreamsApp() {
    app = Javalin.create(config -> config.showJavalinBanner = false);
    app.get(
        "/api/progress",
        ctx -> {
          progressRequests.incrementAndGet();
          Answer answer;
          synchronized (progress) {
            answer = progress.size() > 1 ? progress.poll() : progress.peek();
          }
          if (answer == null) {
            answer = json(503, new ErrorAnswer("no progress set"));
          }
          ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
        });
    app.get(
        "/api/top",
        ctx -> {
          topRequests.incrementAndGet();
          Answer answer = top;
          ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
        });
    app.get(
        "/api/counts",
        ctx -> {
          countsRequests.incrementAndGet();
          String window = ctx.queryParam("window");
          Answer answer =
              window == null
                  ? counts
                  : windowCounts.getOrDefault(
                      Long.parseLong(window), json(404, new ErrorAnswer("no such window")));
          ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
        });
    app.get(
        "/api/windows",
        ctx -> ctx.status(200).contentType("application/json").result(windows.body()));
    app.get(
        "/api/events",
        ctx -> ctx.status(200).contentType("application/json").result(events.body()));
    app.start("127.0.0.1", 0);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  /** Serves these progress answers in turn, then the last one forever. */
  FakeStreamsApp progress(Answer... answers) {
    synchronized (progress) {
      progress.clear();
      progress.addAll(List.of(answers));
    }
    return this;
  }

  FakeStreamsApp counts(Map<String, Evidence> evidence) {
    counts = ndjson(evidence);
    return this;
  }

  private static Answer ndjson(Map<String, Evidence> evidence) {
    StringBuilder ndjson = new StringBuilder();
    evidence.forEach(
        (device, e) ->
            ndjson.append(write(DeviceAnswer.of(device, e, List.of(80, 443)))).append('\n'));
    return new Answer(200, "application/x-ndjson", ndjson.toString());
  }

  /** Serves these windows, each with the evidence of its devices, and these events. */
  FakeStreamsApp windows(
      List<WindowAnswer> held, Map<Long, Map<String, Evidence>> evidence, List<ServerEvent> events) {
    windows = json(200, held);
    Map<Long, Answer> byWindow = new java.util.HashMap<>();
    evidence.forEach((start, devices) -> byWindow.put(start, ndjson(devices)));
    windowCounts = byWindow;
    this.events = json(200, events);
    return this;
  }

  FakeStreamsApp counts(Answer answer) {
    counts = answer;
    return this;
  }

  FakeStreamsApp ports(List<Integer> ports) {
    top = topAnswer(ports);
    return this;
  }

  FakeStreamsApp top(Answer answer) {
    top = answer;
    return this;
  }

  /** A 200 progress answer with the given figures, and a field the verifier does not know. */
  static Answer progressAnswer(
      boolean caughtUp,
      long filesCommitted,
      long records,
      long webFlows,
      Map<String, Long> rejectedByReason) {
    ObjectNode body =
        Wire.JSON.valueToTree(
            new Progress(
                "RUNNING",
                records,
                webFlows,
                rejectedByReason.values().stream().mapToLong(Long::longValue).sum(),
                rejectedByReason,
                Map.of("flows-0", caughtUp ? 0L : 7L),
                filesCommitted,
                filesCommitted,
                caughtUp,
                0,
                List.of(),
                Map.of(),
                0,
                0));
    body.putArray("somethingNew").add("ignored by the verifier");
    return json(200, body);
  }

  static Answer notReady(String error) {
    return json(503, new ErrorAnswer(error));
  }

  static Answer json(int status, Object body) {
    return new Answer(status, "application/json", write(body));
  }

  private static Answer topAnswer(List<Integer> ports) {
    return json(200, new TopAnswer(ports, "count", new Coverage(1, 1), 0, List.of()));
  }

  private static String write(Object value) {
    try {
      return Wire.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
