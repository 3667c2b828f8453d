package io.flowrank.streams.http;

/** The page served at {@code /} until the live dashboard exists: a short guide to the API. */
final class IndexPage {

  static final String HTML =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>flowrank</title></head>
      <body style="font-family: sans-serif; max-width: 48em; margin: 2em auto">
      <h1>flowrank</h1>
      <p>Web servers of the network, ranked by flows to web ports, live from Kafka Streams.</p>
      <ul>
        <li><a href="/api/top?n=20">/api/top?n=20</a>: the top 20 devices (n from 1 to 10000)</li>
        <li><code>/api/devices/{dstdevice}</code>: one device's count (404 when never seen)</li>
        <li><a href="/api/counts">/api/counts</a>: every device's count, NDJSON</li>
        <li><a href="/api/progress">/api/progress</a>: records read, rejected by reason, lag, caught up</li>
        <li><a href="/health">/health</a> and <a href="/metrics">/metrics</a> (Prometheus)</li>
      </ul>
      </body></html>
      """;

  private IndexPage() {}
}
