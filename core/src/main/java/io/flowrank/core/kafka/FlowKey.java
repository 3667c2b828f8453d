package io.flowrank.core.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key the producer gives each {@code flows} record: where the line came from, as UTF-8
 * {@code <file>:<line>} ({@code time_07.json:42}). Counting never depends on it (the streams app is
 * correct whatever the keys are); the streams app copies it into the {@link FlowHeaders#FILE} and
 * {@link FlowHeaders#LINE} headers of a rejected record.
 *
 * <p>A key rather than two headers per record: a header costs its name in every record and an object
 * per header in every consumer, a key is one short byte string.
 */
public final class FlowKey {

  private static final byte SEPARATOR = ':';

  private FlowKey() {}

  /** Where a record came from. */
  public record Source(String file, long line) {}

  /** The bytes every key of one file starts with; pass them to {@link #encode}. */
  public static byte[] prefix(String file) {
    byte[] name = file.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = Arrays.copyOf(name, name.length + 1);
    prefix[name.length] = SEPARATOR;
    return prefix;
  }

  /** The key of line {@code line} (1-based) of the file whose {@link #prefix} is given. */
  public static byte[] encode(byte[] prefix, long line) {
    if (line < 1) {
      throw new IllegalArgumentException("lines are numbered from 1, got " + line);
    }
    int digits = 1;
    for (long rest = line / 10; rest > 0; rest /= 10) {
      digits++;
    }
    byte[] key = Arrays.copyOf(prefix, prefix.length + digits);
    long rest = line;
    for (int i = key.length - 1; i >= prefix.length; i--) {
      key[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return key;
  }

  /** The source a key names, or empty when the key is not one of ours (null, other format). */
  public static Optional<Source> decode(byte[] key) {
    if (key == null) {
      return Optional.empty();
    }
    int separator = -1;
    for (int i = key.length - 1; i >= 0; i--) {
      if (key[i] == SEPARATOR) {
        separator = i;
        break;
      }
    }
    int digits = key.length - separator - 1;
    if (separator < 1 || digits < 1 || digits > 18) {
      return Optional.empty();
    }
    long line = 0;
    for (int i = separator + 1; i < key.length; i++) {
      int digit = key[i] - '0';
      if (digit < 0 || digit > 9) {
        return Optional.empty();
      }
      line = line * 10 + digit;
    }
    if (line < 1) {
      return Optional.empty();
    }
    return Optional.of(new Source(new String(key, 0, separator, StandardCharsets.UTF_8), line));
  }
}
