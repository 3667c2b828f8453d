package io.flowrank.core.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The JSON of the HTTP API, for both sides: the server writes the records of this package with
 * {@link #JSON}, the verifier, the bench, the demo and the tests read them with it. Reading ignores
 * fields it does not know (a newer server may add some) and refuses a null number.
 */
public final class Wire {

  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private Wire() {}

  /**
   * Reads one answer.
   *
   * @throws IllegalArgumentException saying what is wrong when the body is not a {@code type}
   */
  public static <T> T read(byte[] body, Class<T> type) {
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw new IllegalArgumentException("null is not a " + type.getSimpleName());
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
