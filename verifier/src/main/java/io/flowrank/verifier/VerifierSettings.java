package io.flowrank.verifier;

import io.flowrank.core.evidence.Measure;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.TimeSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code flowrank verify} was asked to do, validated once: the input to count, the streams app
 * to compare with, how many rows to show, how long to wait for the stream to catch up and how often
 * to ask. Without explicit {@code ports} the verifier counts with the streams app's own web ports,
 * so both sides apply the same rule.
 *
 * @param data a file or a folder of input files (docs/design.md §1)
 * @param endpoint the streams app's HTTP base address, {@code http://host:port}
 * @param top rows of each top-N table, 1..{@value #MAX_TOP}
 * @param timeout how long in all to wait for the stream to answer and to catch up
 * @param pollInterval the pause between two {@code /api/progress} requests
 * @param maxRecordBytes the producer's limit, beyond which a line is rejected as too large
 * @param ports the web ports to count; empty to take the streams app's
 * @param by the measure the tables rank by (every measure is compared whatever it is)
 * @param time the windows of data time to compare too, with the events; without windows, all time
 *     alone is compared
 */
public record VerifierSettings(
    Path data,
    URI endpoint,
    int top,
    Duration timeout,
    Duration pollInterval,
    int maxRecordBytes,
    Optional<WebPorts> ports,
    Measure by,
    TimeSettings time) {

  public static final int DEFAULT_TOP = 20;
  public static final int MAX_TOP = 10_000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  /**
   * @throws IllegalArgumentException with a message fit for the user when a setting is invalid
   */
  public VerifierSettings {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(time, "time");
    checkEndpoint(endpoint);
    if (top < 1 || top > MAX_TOP) {
      throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ": " + top);
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
    }
  }

  /** The defaults of {@code flowrank verify}: top 20, 10 minutes, the producer's record limit. */
  public static VerifierSettings of(Path data, URI endpoint) {
    return new VerifierSettings(
        data,
        endpoint,
        DEFAULT_TOP,
        DEFAULT_TIMEOUT,
        DEFAULT_POLL_INTERVAL,
        Limits.DEFAULT_MAX_RECORD_BYTES,
        Optional.empty(),
        Measure.COUNT,
        TimeSettings.OFF);
  }

  public VerifierSettings withTop(int n) {
    return new VerifierSettings(data, endpoint, n, timeout, pollInterval, maxRecordBytes, ports, by, time);
  }

  public VerifierSettings withTimeout(Duration d) {
    return new VerifierSettings(data, endpoint, top, d, pollInterval, maxRecordBytes, ports, by, time);
  }

  public VerifierSettings withPollInterval(Duration d) {
    return new VerifierSettings(data, endpoint, top, timeout, d, maxRecordBytes, ports, by, time);
  }

  public VerifierSettings withMaxRecordBytes(int n) {
    return new VerifierSettings(data, endpoint, top, timeout, pollInterval, n, ports, by, time);
  }

  public VerifierSettings withPorts(WebPorts p) {
    return new VerifierSettings(
        data, endpoint, top, timeout, pollInterval, maxRecordBytes, Optional.of(p), by, time);
  }

  public VerifierSettings withBy(Measure m) {
    return new VerifierSettings(
        data, endpoint, top, timeout, pollInterval, maxRecordBytes, ports, m, time);
  }

  public VerifierSettings withTime(TimeSettings t) {
    return new VerifierSettings(
        data, endpoint, top, timeout, pollInterval, maxRecordBytes, ports, by, t);
  }

  /**
   * The endpoint a user typed: {@code http://host:port}, {@code https://...}, or a bare {@code
   * host:port} taken as http.
   *
   * @throws IllegalArgumentException with a message fit for the user when it is not one
   */
  public static URI parseEndpoint(String text) {
    String trimmed = text.strip();
    String full = trimmed.contains("://") ? trimmed : "http://" + trimmed;
    URI uri;
    try {
      uri = new URI(full);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an endpoint URL: '" + text + "'");
    }
    checkEndpoint(uri);
    return uri;
  }

  private static void checkEndpoint(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the endpoint must be an http:// or https:// URL: " + uri);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the endpoint has no host: " + uri);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the endpoint must be a base URL, without ?query or #fragment: " + uri);
    }
  }
}
