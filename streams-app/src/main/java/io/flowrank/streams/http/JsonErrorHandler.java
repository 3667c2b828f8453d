package io.flowrank.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flowrank.core.api.ErrorAnswer;
import io.flowrank.core.api.Wire;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's answer to the requests it refuses before Javalin sees them (a request line or header too
 * large, 414/431; a broken request line, header or percent-encoding, 400; an unknown HTTP version,
 * 505): the API's JSON {@code {"error": reason}} instead of Jetty's HTML error page, whatever the
 * client accepts, and never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final String CONTENT_TYPE = "application/json";

  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  /** Every method gets a body, not only GET, POST and HEAD (HEAD's is dropped by Jetty itself). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  /** A request that could not be parsed: no dispatch, just a status and this body. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return BufferUtil.EMPTY_BUFFER;
    }
    fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    return ByteBuffer.wrap(body(status, reason));
  }

  /** An error raised while dispatching, outside Javalin's own error mapping. */
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    byte[] body = body(code, message);
    response.setContentType(CONTENT_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static byte[] body(int status, String reason) {
    String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
    try {
      return Wire.JSON.writeValueAsBytes(new ErrorAnswer(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a one-field record cannot fail to serialise", e);
    }
  }
}
