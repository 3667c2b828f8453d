package io.flowrank.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.RawAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.api.TimelineAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.WindowAnswer;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.Windowing;
import io.flowrank.streams.monitoring.RateHistory;
import io.flowrank.streams.peers.PeerServer;
import io.flowrank.streams.peers.RemoteInstances;
import io.flowrank.streams.query.FakeGroup;
import io.flowrank.streams.query.FakeStores;
import io.flowrank.streams.query.LocalStores;
import io.flowrank.streams.query.QueryService;
import io.flowrank.streams.topology.Rankings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The windows of the public API ({@code /api/windows}, {@code /api/top?window=}, {@code
 * /api/counts?window=}, {@code /api/devices/{d}/timeline}, {@code /api/events}) as the typed client
 * reads them: the real routes over a group described by hand, this instance holding two partitions
 * and another instance the other two behind its real internal API. Windows of a minute, a grace of
 * 10 s, kept 2 minutes past their end.
 */
class WindowApiTest {

  private static final int PARTITIONS = 4;
  private static final Windowing MINUTES = new Windowing(60, 10, 120);
  private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Four windows; the data reached 172870, so the first is no longer held. */
  private static final Map<Long, Map<String, Evidence>> WINDOWS =
      Map.of(
          172_680L, devices(172_680, 3),
          172_740L, devices(172_740, 5),
          172_800L, devices(172_800, 7),
          172_860L, devices(172_860, 10));

  private static final List<ServerEvent> EVENTS =
      List.of(
          new ServerEvent("Comp1", 172_740, 10, 2, 12, 172_741),
          new ServerEvent("Comp2", 172_800, 11, 3, 11, 172_800),
          new ServerEvent("Comp3", 172_800, 10, 2, 10, 172_802),
          new ServerEvent("Comp4", 172_860, 12, 2, 14, 172_861));

  private PeerServer peer;
  private HttpApi api;
  private ApiClient client;

  /** Twenty devices in a window, each with its own ranking by each measure. */
  private static Map<String, Evidence> devices(long start, int scale) {
    Map<String, Evidence> devices = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      long count = (i * scale) % 17 + 1;
      long lastSeen = start + Math.min(59, i + scale);
      devices.put(
          "Comp" + i,
          new Evidence(
              count,
              (i * 7 + scale) % (count + 1),
              1 + (i + scale) % 4,
              Total.of(i * 1_000L),
              Total.of(count * 60),
              PortCounts.NONE.plus(443, count),
              start + i % 3,
              start == 172_860 && i == 0 ? 172_870 : Math.min(lastSeen, 172_869)));
    }
    return devices;
  }

  private void start(Optional<Windowing> windowing, Map<Long, Map<String, Evidence>> windows) {
    Map<String, Evidence> allTime = FakeStores.evidenceOf(Map.of("Comp1", 3L));
    peer =
        PeerServer.over(
            new FakeStores(allTime, PARTITIONS).withWindows(windows, EVENTS).active(2, 3),
            PARTITIONS,
            WebPorts.DEFAULT.asList());
    LocalStores local =
        new LocalStores(
            new FakeStores(allTime, PARTITIONS).withWindows(windows, EVENTS).active(0, 1),
            new Rankings());
    QueryService queries =
        new QueryService(
            local,
            new FakeGroup(PARTITIONS).active(SELF, 0, 1).active(peer.host(), 2, 3).viewFrom(SELF),
            new RemoteInstances()::at,
            windowing);
    Backend backend = new Backend();
    backend.serve(new Backend.Services(null, queries, local, null, null));
    api =
        HttpApi.start(
            "127.0.0.1",
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ApiRoutes("flowrank-test", WebPorts.DEFAULT, new RateHistory(), backend),
            new WindowRoutes(WebPorts.DEFAULT, backend));
    client = new ApiClient(URI.create("http://127.0.0.1:" + api.port()), TIMEOUT);
  }

  @AfterEach
  void stop() {
    api.close();
    peer.close();
  }

  private static long webFlows(long start) {
    return WINDOWS.get(start).values().stream().mapToLong(Evidence::count).sum();
  }

  private static List<String> ranking(long start, Measure by, int n) {
    List<RankedEvidence> all = new ArrayList<>();
    WINDOWS.get(start).forEach((device, e) -> all.add(new RankedEvidence(device, e)));
    all.sort(RankedEvidence.order(by));
    return all.subList(0, n).stream().map(RankedEvidence::dstdevice).toList();
  }

  @Test
  void theWindowsHeldOverEveryInstanceWithTheirWebFlowsAndWhetherTheyAreOpen() throws Exception {
    start(Optional.of(MINUTES), WINDOWS);

    assertThat(client.windows(TIMEOUT))
        .containsExactly(
            new WindowAnswer(172_740, 172_800, webFlows(172_740), false),
            new WindowAnswer(172_800, 172_860, webFlows(172_800), false),
            new WindowAnswer(172_860, 172_920, webFlows(172_860), true));
  }

  @Test
  void theTopOfAWindowMergesEveryInstanceAndNamesItsWindow() throws Exception {
    start(Optional.of(MINUTES), WINDOWS);

    for (Measure by : Measure.values()) {
      TopAnswer latest = client.top(5, by, "latest", TIMEOUT);
      assertThat(latest.window()).isEqualTo(new WindowAnswer(172_860, 172_920, webFlows(172_860), true));
      assertThat(latest.devices().stream().map(TopAnswer.RankedDevice::dstdevice))
          .as("latest by %s", by)
          .containsExactlyElementsOf(ranking(172_860, by, 5));
      assertThat(latest.webFlows()).isEqualTo(webFlows(172_860));
      assertThat(latest.partitions().complete()).isTrue();
      TopAnswer earlier = client.top(7, by, "172800", TIMEOUT);
      assertThat(earlier.devices().stream().map(TopAnswer.RankedDevice::dstdevice))
          .containsExactlyElementsOf(ranking(172_800, by, 7));
      assertThat(earlier.devices().get(0).device().evidence())
          .isEqualTo(WINDOWS.get(172_800L).get(earlier.devices().get(0).dstdevice()));
    }
    RawAnswer allTime = client.send("GET", "/api/top?n=1", TIMEOUT);
    assertThat(allTime.text()).as("no window in an all-time answer").doesNotContain("\"window\"");
  }

  @Test
  void aWindowNotHeldIsA404AndAMalformedOneA400() throws Exception {
    start(Optional.of(MINUTES), WINDOWS);

    assertThat(client.send("GET", "/api/top?window=172680", TIMEOUT).status())
        .as("expired")
        .isEqualTo(404);
    assertThat(client.send("GET", "/api/counts?window=172801", TIMEOUT).status()).isEqualTo(404);
    for (String bad : List.of("-60", "soon", "1.5", "")) {
      assertThat(client.send("GET", "/api/top?window=" + bad, TIMEOUT).status())
          .as("window=%s", bad)
          .isEqualTo(400);
    }
    assertThat(client.send("GET", "/api/events?limit=0", TIMEOUT).status()).isEqualTo(400);
  }

  @Test
  void theCountsOfAWindowAreEveryDeviceOfItOnce() throws Exception {
    start(Optional.of(MINUTES), WINDOWS);

    assertThat(client.counts(172_800, TIMEOUT)).isEqualTo(WINDOWS.get(172_800L));
    assertThat(client.counts(172_860, TIMEOUT)).isEqualTo(WINDOWS.get(172_860L));
  }

  @Test
  void aDevicesTimelineIsItsEvidenceInEachWindowHeldOldestFirst() throws Exception {
    start(Optional.of(MINUTES), WINDOWS);

    TimelineAnswer timeline = client.timeline("Comp6", TIMEOUT);
    assertThat(timeline.dstdevice()).isEqualTo("Comp6");
    assertThat(timeline.windows().stream().map(TimelineAnswer.Point::start))
        .containsExactly(172_740L, 172_800L, 172_860L);
    for (TimelineAnswer.Point point : timeline.windows()) {
      assertThat(point.end()).isEqualTo(point.start() + 60);
      assertThat(point.evidence().evidence()).isEqualTo(WINDOWS.get(point.start()).get("Comp6"));
      assertThat(point.evidence().ports()).containsOnlyKeys("80", "443");
    }
    assertThat(client.timeline("NeverSeen", TIMEOUT).windows()).isEmpty();
  }

  @Test
  void theEventsOfEveryInstanceNewestFirst() throws Exception {
    start(Optional.of(MINUTES), WINDOWS);

    assertThat(client.events(100, TIMEOUT))
        .containsExactly(EVENTS.get(3), EVENTS.get(1), EVENTS.get(2), EVENTS.get(0));
    assertThat(client.events(2, TIMEOUT)).containsExactly(EVENTS.get(3), EVENTS.get(1));
  }

  @Test
  void beforeAnyWindowTheLatestRanksNothingAndWithWindowsOffAWindowIsA400() throws Exception {
    start(Optional.of(MINUTES), Map.of());
    TopAnswer latest = client.top(5, Measure.COUNT, "latest", TIMEOUT);
    assertThat(latest.devices()).isEmpty();
    assertThat(latest.window()).isNull();
    assertThat(latest.partitions().complete()).isTrue();
    assertThat(client.windows(TIMEOUT)).isEmpty();
    stop();

    start(Optional.empty(), WINDOWS);
    assertThat(client.windows(TIMEOUT)).isEmpty();
    assertThat(client.events(10, TIMEOUT)).isEmpty();
    assertThat(client.timeline("Comp1", TIMEOUT).windows()).isEmpty();
    RawAnswer refused = client.send("GET", "/api/top?window=latest", TIMEOUT);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("--window off");
    assertThat(client.top(5, Measure.COUNT, TIMEOUT).devices()).isNotEmpty();
  }

}
