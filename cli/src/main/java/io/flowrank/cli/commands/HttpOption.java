package io.flowrank.cli.commands;

import io.flowrank.cli.HostPort;
import picocli.CommandLine.Option;

/** {@code --http}, where the streams app's HTTP API listens: of {@code stream} and {@code demo}. */
public final class HttpOption {

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT",
      converter = HostPort.Converter.class,
      description = "HTTP bind address (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:7070")
  HostPort http;

  public HostPort address() {
    return http;
  }
}
