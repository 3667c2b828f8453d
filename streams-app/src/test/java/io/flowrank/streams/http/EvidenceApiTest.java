package io.flowrank.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.DeviceRankAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.Wire;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.WebPorts;
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
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public API's evidence ({@code /api/top?by=}, {@code /api/devices/{d}}, {@code /api/counts})
 * as a user reads it: the real routes over a group described by hand, this instance holding two
 * partitions in its stores and another instance the other two behind its real internal API.
 */
class EvidenceApiTest {

  private static final int PARTITIONS = 4;
  private static final List<Integer> PORTS = WebPorts.DEFAULT.asList();
  private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  /** Bytes out of 2^64 + 7, and of 2^63: both rank as 2^63 - 1, so by name. */
  private static final Evidence BIG =
      new Evidence(
          2, 2, 1, new Total(1, 7), Total.of(10), PortCounts.NONE.plus(443, 2), 172_800, 172_900);

  private static final Evidence BIG2 =
      new Evidence(
          1,
          1,
          1,
          new Total(0, Long.MIN_VALUE),
          Total.of(10),
          PortCounts.NONE.plus(80, 1),
          Evidence.NO_TIME,
          Evidence.NO_TIME);

  private static final Map<String, Evidence> EVIDENCE = evidence();
  private static final long WEB_FLOWS = EVIDENCE.values().stream().mapToLong(Evidence::count).sum();

  private PeerServer peer;
  private HttpApi api;

  private static Map<String, Evidence> evidence() {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      counts.put("Comp" + i, (long) (i % 5 + 1));
    }
    counts.put("EnterpriseAppServer", 100L);
    Map<String, Evidence> evidence = new HashMap<>(FakeStores.evidenceOf(counts));
    evidence.put("Big", BIG);
    evidence.put("Big2", BIG2);
    return Map.copyOf(evidence);
  }

  @BeforeEach
  void start() {
    peer = PeerServer.over(new FakeStores(EVIDENCE, PARTITIONS).active(2, 3), PARTITIONS, PORTS);
    LocalStores local =
        new LocalStores(new FakeStores(EVIDENCE, PARTITIONS).active(0, 1), new Rankings());
    QueryService queries =
        new QueryService(
            local,
            new FakeGroup(PARTITIONS).active(SELF, 0, 1).active(peer.host(), 2, 3).viewFrom(SELF),
            new RemoteInstances()::at);
    Backend backend = new Backend();
    // The routes under test read the queries alone: no Kafka Streams, progress or peer watch.
    backend.serve(new Backend.Services(null, queries, local, null, null));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    api =
        HttpApi.start(
            "127.0.0.1",
            0,
            metrics,
            new ApiRoutes("flowrank-test", WebPorts.DEFAULT, new RateHistory(), backend));
  }

  @AfterEach
  void stop() {
    api.close();
    peer.close();
  }

  private static List<RankedEvidence> ranking(Measure by) {
    List<RankedEvidence> all = new ArrayList<>();
    EVIDENCE.forEach((device, evidence) -> all.add(new RankedEvidence(device, evidence)));
    all.sort(RankedEvidence.order(by));
    return all;
  }

  private static BigInteger total(Measure by) {
    return EVIDENCE.values().stream()
        .map(evidence -> by.total(evidence).toBigInteger())
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static double share(BigInteger part, BigInteger whole) {
    return part.doubleValue() / whole.doubleValue();
  }

  private HttpResponse<String> get(String target) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + target))
            .timeout(TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private <T> T read(String target, Class<T> type) throws IOException, InterruptedException {
    HttpResponse<String> response = get(target);
    assertThat(response.statusCode()).as("%s: %s", target, response.body()).isEqualTo(200);
    return Wire.read(response.body().getBytes(StandardCharsets.UTF_8), type);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theDefaultRankingIsByCountAndKeepsTheFieldsItHadBefore() throws Exception {
    String byDefault = get("/api/top?n=5").body();
    assertThat(byDefault).isEqualTo(get("/api/top?n=5&by=count").body());

    TopAnswer top = Wire.read(byDefault.getBytes(StandardCharsets.UTF_8), TopAnswer.class);
    assertThat(top.by()).isEqualTo("count");
    assertThat(top.ports()).isEqualTo(PORTS);
    assertThat(top.webFlows()).isEqualTo(WEB_FLOWS);
    List<RankedEvidence> expected = ranking(Measure.COUNT).subList(0, 5);
    assertThat(top.devices()).hasSize(5);
    for (int i = 0; i < 5; i++) {
      TopAnswer.RankedDevice device = top.devices().get(i);
      RankedEvidence want = expected.get(i);
      assertThat(device.dstdevice()).isEqualTo(want.dstdevice());
      assertThat(device.count()).isEqualTo(want.evidence().count());
      assertThat(device.rank()).isEqualTo(i + 1);
      assertThat(device.share())
          .isEqualTo(Math.round(want.evidence().count() * 1e6 / WEB_FLOWS) / 1e6);
      assertThat(device.device())
          .isEqualTo(DeviceAnswer.of(want.dstdevice(), want.evidence(), PORTS));
    }
    // Each device opens with the fields of before, in their order; the evidence follows.
    JsonNode first = Wire.JSON.readTree(byDefault).path("devices").get(0);
    assertThat(fieldNames(first))
        .containsExactly(
            "dstdevice",
            "count",
            "rank",
            "share",
            "answered",
            "clients",
            "bytesOut",
            "bytesIn",
            "ports",
            "firstSeen",
            "lastSeen");
  }

  @Test
  void everyMeasureRanksTheDevicesItsOwnWay() throws Exception {
    for (Measure by : Measure.values()) {
      TopAnswer top = read("/api/top?n=12&by=" + by.wireName(), TopAnswer.class);
      assertThat(top.by()).isEqualTo(by.wireName());
      assertThat(top.partitions().covered()).isEqualTo(PARTITIONS);
      assertThat(top.webFlows()).isEqualTo(WEB_FLOWS);
      List<RankedEvidence> expected = ranking(by).subList(0, 12);
      assertThat(
              top.devices().stream()
                  .map(d -> new RankedEvidence(d.dstdevice(), d.device().evidence())))
          .as("top by %s", by)
          .containsExactlyElementsOf(expected);
      for (TopAnswer.RankedDevice device : top.devices()) {
        assertThat(device.share())
            .as("%s's share of %s", device.dstdevice(), by)
            .isCloseTo(
                share(by.total(device.device().evidence()).toBigInteger(), total(by)),
                within(1e-6));
      }
    }
    TopAnswer bytesOut = read("/api/top?n=2&by=bytesOut", TopAnswer.class);
    assertThat(bytesOut.devices())
        .extracting(TopAnswer.RankedDevice::dstdevice)
        .as("past 2^63 - 1, byte sums tie: by name")
        .containsExactly("Big", "Big2");
    assertThat(bytesOut.devices().get(0).bytesOut())
        .isEqualTo(BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(7)));
  }

  @Test
  void aDeviceCarriesEveryMeasureWithTheConfiguredPortsZerosIncluded() throws Exception {
    // Comp0 has one flow, to 443: port 80 shows 0.
    DeviceAnswer comp0 = read("/api/devices/Comp0", DeviceAnswer.class);
    assertThat(comp0).isEqualTo(DeviceAnswer.of("Comp0", EVIDENCE.get("Comp0"), PORTS));
    assertThat(comp0.ports()).containsExactly(Map.entry("80", 0L), Map.entry("443", 1L));

    HttpResponse<String> big2 = get("/api/devices/Big2");
    assertThat(big2.statusCode()).isEqualTo(200);
    // Exact integers, never a float or a string, and no time as null.
    assertThat(big2.body())
        .isEqualTo(
            "{\"dstdevice\":\"Big2\",\"count\":1,\"answered\":1,\"clients\":1,"
                + "\"bytesOut\":9223372036854775808,\"bytesIn\":10,\"ports\":{\"80\":1,\"443\":0},"
                + "\"firstSeen\":null,\"lastSeen\":null}");
    assertThat(read("/api/devices/Big", DeviceAnswer.class).evidence()).isEqualTo(BIG);

    assertThat(get("/api/devices/never-seen").statusCode()).isEqualTo(404);
  }

  @Test
  void everyCountsLineCarriesEveryMeasure() throws Exception {
    HttpResponse<String> counts = get("/api/counts");
    assertThat(counts.statusCode()).isEqualTo(200);
    List<DeviceAnswer> lines =
        counts
            .body()
            .lines()
            .map(line -> Wire.read(line.getBytes(StandardCharsets.UTF_8), DeviceAnswer.class))
            .toList();
    assertThat(lines)
        .containsExactlyInAnyOrderElementsOf(
            EVIDENCE.entrySet().stream()
                .map(e -> DeviceAnswer.of(e.getKey(), e.getValue(), PORTS))
                .toList());
  }

  @Test
  void aDeviceIsRankedByTheMeasureAsked() throws Exception {
    String device = "Comp13";
    Evidence evidence = EVIDENCE.get(device);
    for (Measure by : Measure.values()) {
      DeviceRankAnswer rank =
          read("/api/devices/" + device + "?rank=true&by=" + by.wireName(), DeviceRankAnswer.class);
      assertThat(rank.found()).isTrue();
      assertThat(rank.by()).isEqualTo(by.wireName());
      assertThat(rank.rank())
          .as("%s by %s", device, by)
          .isEqualTo(ranking(by).indexOf(new RankedEvidence(device, evidence)) + 1L);
      assertThat(rank.count()).isEqualTo(evidence.count());
      assertThat(rank.webFlows()).isEqualTo(WEB_FLOWS);
      assertThat(rank.share())
          .isCloseTo(share(by.total(evidence).toBigInteger(), total(by)), within(1e-6));
      assertThat(rank.evidence()).isEqualTo(DeviceAnswer.of(device, evidence, PORTS));
    }
    DeviceRankAnswer byClients =
        read("/api/devices/" + device + "?rank=true&by=clients", DeviceRankAnswer.class);
    DeviceRankAnswer byCount =
        read("/api/devices/" + device + "?rank=true", DeviceRankAnswer.class);
    assertThat(byClients.rank()).isNotEqualTo(byCount.rank());
    assertThat(byCount.by()).isEqualTo("count");
    assertThat(byCount.share()).isEqualTo(Math.round(evidence.count() * 1e6 / WEB_FLOWS) / 1e6);

    HttpResponse<String> never = get("/api/devices/never-seen?rank=true&by=clients");
    assertThat(never.statusCode()).isEqualTo(200);
    assertThat(never.body())
        .isEqualTo("{\"dstdevice\":\"never-seen\",\"found\":false,\"count\":0}");
  }
}
