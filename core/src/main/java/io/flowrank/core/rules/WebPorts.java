package io.flowrank.core.rules;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The configured web ports (80 and 443 by default). A {@code dstport} is a web port when it is a JSON
 * string equal to a port's canonical decimal form ({@code "80"}) or a JSON integer of that value
 * ({@code 80}); {@code "080"}, {@code " 80"}, {@code "80.0"} and {@code "Port00080"} are not.
 */
public final class WebPorts {

  public static final WebPorts DEFAULT = of(List.of(80, 443));

  private final int[] ports;
  private final String[] canonical;
  private final byte[][] canonicalBytes;

  private WebPorts(int[] ports) {
    this.ports = ports;
    this.canonical = Arrays.stream(ports).mapToObj(Integer::toString).toArray(String[]::new);
    this.canonicalBytes =
        Arrays.stream(canonical)
            .map(port -> port.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
  }

  /** The given ports, each 0..65535, at least one. */
  public static WebPorts of(List<Integer> ports) {
    Set<Integer> unique = new TreeSet<>(ports);
    if (unique.isEmpty()) {
      throw new IllegalArgumentException("at least one web port is needed");
    }
    for (int port : unique) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("not a port number: " + port);
      }
    }
    return new WebPorts(unique.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Parses a comma-separated list such as {@code 80,443}. */
  public static WebPorts parse(String list) {
    try {
      return of(
          Arrays.stream(list.split(",", -1))
              .map(String::strip)
              .map(Integer::valueOf)
              .collect(Collectors.toList()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ports must be a comma-separated list of numbers: " + list);
    }
  }

  /** True when a JSON string value is the canonical decimal form of a web port. */
  public boolean matchesString(String value) {
    return portOfString(value) >= 0;
  }

  /** The web port a JSON string value is the canonical decimal form of, or -1. */
  public int portOfString(String value) {
    for (int i = 0; i < canonical.length; i++) {
      if (canonical[i].equals(value)) {
        return ports[i];
      }
    }
    return -1;
  }

  /**
   * True when {@code length} ASCII bytes from {@code offset} (an unescaped JSON string's body) are
   * the canonical decimal form of a web port: {@link #matchesString} without decoding.
   */
  public boolean matchesAscii(byte[] buffer, int offset, int length) {
    return portOfAscii(buffer, offset, length) >= 0;
  }

  /** The web port whose canonical decimal form {@code length} bytes from {@code offset} are, or -1. */
  public int portOfAscii(byte[] buffer, int offset, int length) {
    for (int i = 0; i < canonicalBytes.length; i++) {
      byte[] port = canonicalBytes[i];
      if (port.length == length && Arrays.equals(port, 0, length, buffer, offset, offset + length)) {
        return ports[i];
      }
    }
    return -1;
  }

  /** True when a JSON integer value is a web port. */
  public boolean matchesInteger(long value) {
    for (int port : ports) {
      if (port == value) {
        return true;
      }
    }
    return false;
  }

  public List<Integer> asList() {
    return Arrays.stream(ports).boxed().collect(Collectors.toUnmodifiableList());
  }

  @Override
  public String toString() {
    return Arrays.stream(canonical).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebPorts other && Arrays.equals(ports, other.ports);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ports);
  }
}
