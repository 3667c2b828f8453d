package io.flowrank.streams.http;

/** A request the API cannot take: answered 400 with {@code {"error": message}}. */
final class BadRequestException extends RuntimeException {

  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
