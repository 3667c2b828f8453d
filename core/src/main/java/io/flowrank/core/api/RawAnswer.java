package io.flowrank.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One HTTP answer as it came, for callers that check statuses and headers themselves (the tests):
 * the status, the {@code Content-Type} ("" when absent), {@code Retry-After} and the body's bytes
 * (compared by reference in {@code equals}).
 */
public record RawAnswer(
    int status, String contentType, Optional<String> retryAfter, byte[] body) {

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body as a {@code type}.
   *
   * @throws IllegalArgumentException saying what is wrong when it is not one
   */
  public <T> T read(Class<T> type) {
    return Wire.read(body, type);
  }

  /** The body as a {@code type}, or empty when it is not one (an error body, say). */
  public <T> Optional<T> readIf(Class<T> type) {
    return Wire.tryDecode(body, type);
  }
}
