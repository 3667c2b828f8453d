package io.flowrank.cli;

import picocli.CommandLine;

/** A {@code HOST:PORT} option value, such as {@code 127.0.0.1:7070}. */
public record HostPort(String host, int port) {

  @Override
  public String toString() {
    return host + ":" + port;
  }

  /** Converts {@code HOST:PORT} (port 0..65535); a bad value is a usage error. */
  public static final class Converter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + value + "'");
      }
      try {
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return new HostPort(value.substring(0, colon), port);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("the port of '" + value + "' must be 0..65535");
      }
    }
  }
}
