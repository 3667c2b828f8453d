package io.flowrank.core.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The JSON of the HTTP API, for both sides: the server writes the records of this package with
 * {@link #JSON}, the verifier, the bench, the demo and the tests read them with it.
 *
 * <p>Reading ignores fields it does not know (a newer server may add some) and is otherwise
 * strict, so that a bad answer is refused rather than half read: every field must be present and
 * not null unless its record marks it optional with {@link JsonSetter} ({@code nulls = AS_EMPTY}:
 * absent means empty or 0; {@code nulls = SET}: absent means null), and a value of another JSON
 * type is refused, not coerced ({@code "3"} is not 3, {@code 3.5} is not 3, {@code 3} is not
 * {@code "3"}).
 */
public final class Wire {

  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .defaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL))
          .withCoercionConfig(
              LogicalType.Textual,
              config ->
                  config
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private Wire() {}

  /**
   * Reads one answer.
   *
   * @throws IllegalArgumentException saying what is wrong when the body is not a {@code type}:
   *     {@code not a Progress: "caughtUp" is missing or not a boolean}
   */
  public static <T> T read(byte[] body, Class<T> type) {
    try {
      return decode(body, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + problem(e), e);
    }
  }

  /** Reads one answer; a JSON {@code null} is refused like any value that is not an object. */
  static <T> T decode(byte[] body, Class<T> type) throws IOException {
    T value = JSON.readValue(body, type);
    if (value == null) {
      throw MismatchedInputException.from(null, type, "null");
    }
    return value;
  }

  /** Reads one answer, or empty when the body is not a {@code type}. */
  static <T> Optional<T> tryDecode(byte[] body, Class<T> type) {
    try {
      return Optional.of(decode(body, type));
    } catch (IOException notOne) {
      return Optional.empty();
    }
  }

  /**
   * What is wrong with a body that {@link #decode} refused, in words for a message: {@code not
   * JSON}, {@code not a JSON object}, or the field and what it must be ({@code "devices[2].count"
   * is missing or not an integer}), or what the record itself refused.
   */
  static String problem(IOException e) {
    if (e instanceof JsonParseException) {
      return "not JSON";
    }
    if (!(e instanceof JsonMappingException mapping)) {
      return e instanceof InputCoercionException ? "a number out of range" : "unreadable";
    }
    String where = path(mapping);
    if (e.getCause() instanceof InputCoercionException) {
      return "\"" + where + "\" is a number out of range";
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      String refused = e.getCause().getMessage();
      if (refused == null) {
        refused = firstLine(mapping.getOriginalMessage());
      }
      return where.isEmpty() ? refused : "\"" + where + "\": " + refused;
    }
    if (where.isEmpty()) {
      return "not a JSON object";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "\"" + where + "\" is missing or not " + kind(mismatch.getTargetType());
    }
    return "\"" + where + "\": " + firstLine(mapping.getOriginalMessage());
  }

  /** {@code devices[2].count}: field names joined with dots, indexes in brackets. */
  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            step ->
                step.getFieldName() != null
                    ? "." + step.getFieldName()
                    : "[" + step.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  /** The JSON kind a Java type is read from. */
  private static String kind(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type == int.class
        || type == long.class
        || type == Integer.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      return "an integer";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
