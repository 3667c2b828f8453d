package io.flowrank.streams.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.ErrorAnswer;
import io.flowrank.core.api.Wire;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.streams.query.PartitionQueries.CountsSink;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a group of routes is added with ({@link Group}), and the answers several groups share: a
 * device's count or its 404, NDJSON counts, a JSON error. A handler reads its parameters with
 * {@link QueryParams} and throws {@link BadRequestException} (400) or {@code NotReadyException}
 * (503); {@link HttpApi} maps them.
 */
public final class Routes {

  /** The routes of one part of the API; {@link HttpApi#start} adds each group. */
  public interface Group {
    /** Server settings the group needs (static files), before the server starts. */
    default void configure(JavalinConfig config) {}

    void addTo(Routes routes);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
  private static final String NDJSON = "application/x-ndjson";

  private final Javalin app;

  Routes(Javalin app) {
    this.app = app;
  }

  /**
   * Serves {@code path} to GET and to HEAD with the same handler (Jetty drops HEAD's body), so a
   * HEAD answers GET's status: left to Javalin, any HEAD on a GET path is a bare 200, even {@code
   * /health} while Kafka Streams is down.
   */
  public void get(String path, Handler handler) {
    app.get(path, handler);
    app.head(path, handler);
  }

  /** A device's evidence ({@link DeviceAnswer}), or a 404 when it was never seen. */
  public static void device(
      Context ctx, String dstdevice, Optional<Evidence> evidence, List<Integer> webPorts) {
    if (evidence.isEmpty()) {
      error(ctx, HttpStatus.NOT_FOUND, "device never seen: " + QueryParams.abbreviate(dstdevice));
      return;
    }
    ctx.json(DeviceAnswer.of(dstdevice, evidence.get(), webPorts));
  }

  static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(new ErrorAnswer(message));
  }

  /** Writes counts to a {@link CountsSink}. */
  public interface CountsWriter {
    void write(CountsSink sink) throws IOException;
  }

  /**
   * Streams every device's evidence as NDJSON, one {@link DeviceAnswer} a line. What can fail before the first byte
   * (a partition nobody serves) is checked by the writer first and becomes a clean 503; a failure
   * after the first byte aborts the connection, so the client sees a broken response rather than a
   * complete-looking short one.
   */
  public static void ndjson(Context ctx, List<Integer> webPorts, CountsWriter writer)
      throws IOException {
    ctx.contentType(NDJSON);
    OutputStream out = ctx.outputStream();
    JsonGenerator generator = Wire.JSON.createGenerator(out);
    generator.setRootValueSeparator(null);
    // Not flushed after each line: the response's buffer decides when bytes go out.
    SequenceWriter lines =
        Wire.JSON
            .writerFor(DeviceAnswer.class)
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            .writeValues(generator);
    boolean[] started = {false};
    try {
      writer.write(
          new CountsSink() {
            @Override
            public void accept(String dstdevice, Evidence evidence) {
              started[0] = true;
              try {
                lines.write(DeviceAnswer.of(dstdevice, evidence, webPorts));
                generator.writeRaw('\n');
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }

            @Override
            public void copy(InputStream ndjson) throws IOException {
              started[0] = true;
              generator.flush();
              ndjson.transferTo(out);
            }
          });
    } catch (RuntimeException | IOException e) {
      if (!started[0]) {
        throw e;
      }
      LOG.warn("aborting {} mid-stream: {}", ctx.path(), e.getMessage());
      Request.getBaseRequest(ctx.req()).getHttpChannel().abort(e);
      return;
    }
    generator.close();
  }
}
