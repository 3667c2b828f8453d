package io.flowrank.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.Wire;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.peers.PeerServer;
import io.flowrank.streams.peers.RemoteInstances;
import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.streams.topology.Rankings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The global answers of one instance over a group described by hand: its own partitions from its
 * stores, the others' from real internal-API servers over stores of their own.
 */
class QueryServiceTest {

  private static final int PARTITIONS = 4;
  private static final Map<String, Long> COUNTS = counts();
  private static final Map<String, Evidence> EVIDENCE = FakeStores.evidenceOf(COUNTS);
  private static final long WEB_FLOWS = COUNTS.values().stream().mapToLong(Long::longValue).sum();
  private static final List<Integer> PORTS = WebPorts.DEFAULT.asList();

  /** Never asked over HTTP: its partitions are read from its stores. */
  private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

  private final RemoteInstances remote =
      new RemoteInstances(Duration.ofSeconds(2), Duration.ofMillis(500));
  private final List<AutoCloseable> started = new ArrayList<>();

  /** Devices with many ties (1 to 5 flows), in every partition, and one far ahead. */
  private static Map<String, Long> counts() {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      counts.put("Comp" + i, (long) (i % 5 + 1));
    }
    counts.put("EnterpriseAppServer", 100L);
    return Map.copyOf(counts);
  }

  /** The ranking of {@code /api/top} by {@code by}, computed here the slow way. */
  private static List<RankedEvidence> expectedTop(int n, Measure by) {
    return EVIDENCE.entrySet().stream()
        .map(e -> new RankedEvidence(e.getKey(), e.getValue()))
        .sorted(RankedEvidence.order(by))
        .limit(n)
        .toList();
  }

  /** The measure summed over every device. */
  private static BigInteger total(Measure by) {
    return EVIDENCE.values().stream()
        .map(evidence -> by.total(evidence).toBigInteger())
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  private FakeStores stores() {
    return new FakeStores(EVIDENCE, PARTITIONS);
  }

  private HostInfo peer(FakeStores stores) {
    PeerServer peer = PeerServer.over(stores, PARTITIONS, PORTS);
    started.add(peer);
    return peer.host();
  }

  private QueryService queries(FakeGroup group, FakeStores local) {
    return new QueryService(
        new LocalStores(local, new Rankings()), group.viewFrom(SELF), remote::at);
  }

  /** Self holds partition 0, two peers the others. */
  private QueryService threeInstances() {
    HostInfo a = peer(stores().active(1, 2));
    HostInfo b = peer(stores().active(3));
    return queries(
        new FakeGroup(PARTITIONS).active(SELF, 0).active(a, 1, 2).active(b, 3), stores().active(0));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable peer : started) {
      peer.close();
    }
  }

  @Test
  void theTopIsTheMergeOfThePartitionsTopsWithTiesByNameAndEveryWebFlow() {
    // The devices of 5 flows, tied, live in more than one partition.
    assertThat(
            COUNTS.keySet().stream()
                .filter(device -> COUNTS.get(device) == 5)
                .map(device -> DevicePartitioner.partitionOf(device, PARTITIONS))
                .distinct()
                .count())
        .isGreaterThan(1);
    QueryService queries = threeInstances();

    for (Measure by : Measure.values()) {
      // 40: more than any partition holds, and more than there are devices.
      for (int n : new int[] {1, 4, 10, 40}) {
        QueryService.Ranked top = queries.top(n, by, false);
        assertThat(top.devices()).as("top %d by %s", n, by).isEqualTo(expectedTop(n, by));
        assertThat(top.covered()).isEqualTo(PARTITIONS);
        assertThat(top.total()).isEqualTo(PARTITIONS);
        assertThat(top.webFlows()).isEqualTo(WEB_FLOWS);
        assertThat(top.measureTotal()).as("%s total", by).isEqualTo(total(by));
      }
    }
    assertThat(expectedTop(5, Measure.CLIENTS))
        .as("the measures rank the devices their own ways")
        .isNotEqualTo(expectedTop(5, Measure.COUNT))
        .isNotEqualTo(expectedTop(5, Measure.ANSWERED));
  }

  @Test
  void aPartitionWithoutAnActiveInstanceFailsTheAnswerInsteadOfShorteningIt() {
    HostInfo a = peer(stores().active(1, 2));
    QueryService queries =
        queries(new FakeGroup(PARTITIONS).active(SELF, 0).active(a, 1, 2), stores().active(0));

    for (boolean stale : new boolean[] {false, true}) {
      assertThatThrownBy(() -> queries.top(10, Measure.COUNT, stale))
          .isInstanceOf(NotReadyException.class)
          .hasMessageContaining("partition 3 of 4 has no");
      assertThatThrownBy(() -> queries.writeCounts(stale, new Ndjson()))
          .isInstanceOf(NotReadyException.class);
    }
  }

  @Test
  void withStaleAStandbyAnswersForAnInstanceThatIsDown() throws Exception {
    int down;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = closed.getLocalPort();
    }
    HostInfo dead = new HostInfo("127.0.0.1", down);
    HostInfo standby = peer(stores().standby(1, 2, 3));
    QueryService queries =
        queries(
            new FakeGroup(PARTITIONS)
                .active(SELF, 0)
                .active(dead, 1, 2, 3)
                .standby(standby, 1, 2, 3),
            stores().active(0));
    String device = deviceIn(2);

    assertThatThrownBy(() -> queries.top(10, Measure.COUNT, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("127.0.0.1:" + down);
    assertThatThrownBy(() -> queries.evidence(device, false)).isInstanceOf(NotReadyException.class);

    assertThat(queries.top(10, Measure.BYTES_OUT, true).devices())
        .isEqualTo(expectedTop(10, Measure.BYTES_OUT));
    assertThat(queries.evidence(device, true)).hasValue(EVIDENCE.get(device));
  }

  @Test
  void anInstanceThatDoesNotAnswerFailsTheQueryWithinTheClientsTimeoutNamingIt() throws Exception {
    // Connections are taken by the kernel, and no request is ever read.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      HostInfo hanging = new HostInfo("127.0.0.1", silent.getLocalPort());
      QueryService queries =
          queries(
              new FakeGroup(PARTITIONS).active(SELF, 0, 1).active(hanging, 2, 3),
              stores().active(0, 1));

      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> queries.top(10, Measure.COUNT, false))
                  .isInstanceOf(NotReadyException.class)
                  .hasMessageContaining("instance 127.0.0.1:" + silent.getLocalPort())
                  .hasMessageContaining("timed out"));
    }
  }

  @Test
  void aDeviceIsLookedUpWhereItsKeyLivesAndRankedOverEveryPartition() {
    QueryService queries = threeInstances();

    for (int partition = 0; partition < PARTITIONS; partition++) {
      String device = deviceIn(partition);
      Evidence evidence = EVIDENCE.get(device);
      assertThat(queries.evidence(device, false)).as(device).hasValue(evidence);
      for (Measure by : Measure.values()) {
        QueryService.DeviceRank rank = queries.rank(device, by, false).orElseThrow();
        assertThat(rank.rank())
            .as("%s by %s", device, by)
            .isEqualTo(
                expectedTop(EVIDENCE.size(), by).indexOf(new RankedEvidence(device, evidence)) + 1);
        assertThat(rank.evidence()).isEqualTo(evidence);
        assertThat(rank.webFlows()).isEqualTo(WEB_FLOWS);
        assertThat(rank.measureTotal()).as("%s total", by).isEqualTo(total(by));
      }
    }
    assertThat(queries.evidence("never-seen", false)).isEmpty();
    assertThat(queries.rank("never-seen", Measure.CLIENTS, false)).isEmpty();
  }

  @Test
  void theCountsHoldEveryPartitionOnceEvenWhereStandbysHoldThemToo() throws IOException {
    HostInfo a = peer(stores().active(1, 2).standby(3));
    HostInfo b = peer(stores().active(3).standby(0));
    QueryService queries =
        queries(
            new FakeGroup(PARTITIONS)
                .active(SELF, 0)
                .standby(SELF, 1)
                .active(a, 1, 2)
                .standby(a, 3)
                .active(b, 3)
                .standby(b, 0),
            stores().active(0).standby(1));

    for (boolean stale : new boolean[] {false, true}) {
      Ndjson out = new Ndjson();
      queries.writeCounts(stale, out);
      List<DeviceAnswer> lines = out.lines();
      assertThat(lines).hasSize(EVIDENCE.size());
      // Every measure, the ports without flows as zeros, from here and from the others alike.
      assertThat(lines)
          .containsExactlyInAnyOrderElementsOf(
              EVIDENCE.entrySet().stream()
                  .map(e -> DeviceAnswer.of(e.getKey(), e.getValue(), PORTS))
                  .toList());
      assertThat(lines).allSatisfy(line -> assertThat(line.ports()).containsKeys("80", "443"));
      assertThat(
              lines.stream()
                  .collect(Collectors.toMap(DeviceAnswer::dstdevice, DeviceAnswer::evidence)))
          .isEqualTo(EVIDENCE);
    }
  }

  @Test
  void theFlowStatisticsAreSummedOverEveryPartitionOfFlows() {
    StreamStats stats = threeInstances().stats();

    assertThat(stats.webFlows()).isEqualTo(WEB_FLOWS);
    assertThat(stats.otherFlows()).isEqualTo(10 + 11 + 12 + 13);
    assertThat(stats.rejected()).isEqualTo(Map.of(RejectReason.NOT_JSON, 4L));
    assertThat(stats.incomplete()).isEqualTo(Map.of(NumericField.TIME, 1L + 2 + 3 + 4));
  }

  /** A device whose key lives in {@code partition}. */
  private static String deviceIn(int partition) {
    return COUNTS.keySet().stream()
        .filter(device -> DevicePartitioner.partitionOf(device, PARTITIONS) == partition)
        .sorted()
        .findFirst()
        .orElseThrow();
  }

  /**
   * NDJSON as {@code /api/counts} writes it: local evidence a line each, other instances' copied.
   */
  private static final class Ndjson implements PartitionQueries.CountsSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void accept(String dstdevice, Evidence evidence) {
      try {
        bytes.write(Wire.JSON.writeValueAsBytes(DeviceAnswer.of(dstdevice, evidence, PORTS)));
        bytes.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void copy(InputStream ndjson) throws IOException {
      ndjson.transferTo(bytes);
    }

    List<DeviceAnswer> lines() {
      return bytes
          .toString(StandardCharsets.UTF_8)
          .lines()
          .map(line -> Wire.read(line.getBytes(StandardCharsets.UTF_8), DeviceAnswer.class))
          .toList();
    }
  }
}
