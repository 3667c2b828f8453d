package io.flowrank.cli.commands;

import io.flowrank.cli.DurationConverter;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import io.flowrank.verifier.Verifier;
import io.flowrank.verifier.VerifierSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowrank verify}: the batch count over the files, compared with the stream's counts. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Counts the evidence of every dstdevice in the files (one batch pass), waits for the streams app to catch up, and compares every measure of every device; with --window, of every device in every window held too, and the devices that became web servers. Exit 0 identical, 1 different, 2 usage/I/O error.")
public final class VerifyCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "PATH",
      description = "The input files: a folder or one file.")
  Path data;

  @Option(names = "--endpoint", required = true, paramLabel = "URL",
      description = "The streams app's HTTP address, e.g. http://127.0.0.1:7070.")
  String endpoint;

  @Option(names = "--top", paramLabel = "N", defaultValue = "20",
      description = "Rows of the side-by-side tables, 1..10000 (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--by", paramLabel = "MEASURE", defaultValue = "count",
      converter = MeasureConverter.class,
      description = "What the tables rank by: count, answered, clients, bytesOut, bytesIn"
          + " (default: ${DEFAULT-VALUE}); every measure is compared whatever it is.")
  Measure by;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long to wait for the stream to catch up (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--ports", paramLabel = "P[,P...]",
      description = "Web ports (default: those the streams app reports).")
  String ports;

  @Option(names = "--window", paramLabel = "SIZE", defaultValue = "off",
      converter = TimeOptions.WindowSize.class,
      description = "Compare the windows of data time too (the stream's --window, with its --grace,"
          + " --window-retention and --server-min-*), lateness judged in the files' order as the"
          + " producer and the stream judge it, and the webserver-events (default: off).")
  Duration window;

  @Mixin TimeOptions time;

  @Option(names = "--max-record-bytes", paramLabel = "N",
      description = "Lines larger than this are rejected as TOO_LARGE, as the producer does "
          + "(default: ${DEFAULT-VALUE}).",
      defaultValue = "" + Limits.DEFAULT_MAX_RECORD_BYTES)
  int maxRecordBytes;

  @Override
  public Integer call() {
    VerifierSettings settings =
        VerifierSettings.of(data, VerifierSettings.parseEndpoint(endpoint))
            .withTop(top)
            .withBy(by)
            .withTimeout(timeout)
            .withMaxRecordBytes(maxRecordBytes)
            .withTime(time.settings(window));
    if (ports != null) {
      settings = settings.withPorts(WebPorts.parse(ports));
    }
    return new Verifier(settings, System.out, System.err).run();
  }

  /** For the demo: the same verification in-process, windows and events included. */
  public static int verify(Path data, String endpoint, Duration timeout, TimeSettings time) {
    return new Verifier(
            VerifierSettings.of(data, VerifierSettings.parseEndpoint(endpoint))
                .withTimeout(timeout)
                .withTime(time),
            System.out,
            System.err)
        .run();
  }

  /** A measure by its wire name, as the API's {@code by}. */
  static final class MeasureConverter extends io.flowrank.cli.ValueConverter<Measure> {
    MeasureConverter() {
      super(
          value ->
              Measure.of(value)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "must be one of " + Measure.names() + ", got '" + value + "'")));
    }
  }
}
