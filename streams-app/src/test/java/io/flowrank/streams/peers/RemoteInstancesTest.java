package io.flowrank.streams.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flowrank.core.api.DeviceAnswer;
import io.flowrank.core.api.Wire;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.streams.query.FakeStores;
import io.flowrank.streams.query.LocalStores;
import io.flowrank.streams.query.NotReadyException;
import io.flowrank.streams.query.PartitionQueries;
import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.streams.topology.Rankings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both sides of the internal API: the client against the real routes over stores of their own. */
class RemoteInstancesTest {

  private static final int PARTITIONS = 4;

  /** Names a path or a query must escape. */
  private static final List<String> ODD =
      List.of("Compé", "a b", "a/b", "a+b", "50%", "..", "x?y=z&w");

  /** Its bytes out pass 2^64: they cross the wire exactly, and rank as 2^63 - 1. */
  private static final String BIG = "Big";

  private static final Map<String, Evidence> EVIDENCE = evidence();
  private static final List<Integer> ALL = List.of(0, 1, 2, 3);

  private final FakeStores stores = new FakeStores(EVIDENCE, PARTITIONS).active(0, 1, 2, 3);
  private final PeerServer peer = PeerServer.over(stores, PARTITIONS, WebPorts.DEFAULT.asList());
  private final RemoteInstances client = new RemoteInstances();
  private final PartitionQueries remote = client.at(peer.host());

  private static Map<String, Evidence> evidence() {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      counts.put("Comp" + i, (long) (i % 4 + 1));
    }
    for (int i = 0; i < ODD.size(); i++) {
      counts.put(ODD.get(i), (long) i + 1);
    }
    Map<String, Evidence> evidence = new HashMap<>(FakeStores.evidenceOf(counts));
    evidence.put(
        BIG,
        new Evidence(
            2,
            2,
            1,
            new Total(2, 5),
            Total.of(Long.MAX_VALUE),
            PortCounts.NONE.plus(443, 2),
            Evidence.NO_TIME,
            Evidence.NO_TIME));
    return Map.copyOf(evidence);
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  @Test
  void everyAnswerCrossesTheWireAsTheInstanceGaveIt() throws IOException {
    LocalStores local = new LocalStores(stores, new Rankings());

    for (Measure by : Measure.values()) {
      assertThat(remote.top(3, by, List.of(2, 0), false))
          .as("%s", by)
          .isEqualTo(local.top(3, by, List.of(2, 0), false));
      assertThat(remote.top(50, by, ALL, true))
          .as("%s", by)
          .isEqualTo(local.top(50, by, ALL, true));
    }
    assertThat(remote.top(1, Measure.BYTES_OUT, ALL, false).devices().get(0).evidence())
        .isEqualTo(EVIDENCE.get(BIG));
    assertThat(remote.stats(ALL, false)).isEqualTo(local.stats(ALL, false));
    List<String> devices = new ArrayList<>(ODD);
    devices.add(BIG);
    for (String device : devices) {
      int partition = DevicePartitioner.partitionOf(device, PARTITIONS);
      Evidence evidence = EVIDENCE.get(device);
      assertThat(remote.evidence(device, partition, false)).as(device).hasValue(evidence);
      for (Measure by : Measure.values()) {
        assertThat(remote.above(device, by, by.score(evidence), ALL, false))
            .as("%s by %s", device, by)
            .isEqualTo(local.above(device, by, by.score(evidence), ALL, false));
      }
    }
    assertThat(remote.evidence("never-seen", 0, false)).isEmpty();

    ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
    try (PartitionQueries.Counts counts = remote.counts(ALL, false)) {
      counts.writeTo(copyInto(ndjson));
    }
    assertThat(
            ndjson
                .toString(StandardCharsets.UTF_8)
                .lines()
                .map(line -> Wire.read(line.getBytes(StandardCharsets.UTF_8), DeviceAnswer.class))
                .collect(Collectors.toMap(DeviceAnswer::dstdevice, DeviceAnswer::evidence)))
        .isEqualTo(EVIDENCE);
  }

  @Test
  void anInstanceThatCannotAnswerIsNotReadyNamingItAndSayingWhy() {
    stores.inState(KafkaStreams.State.REBALANCING);
    String address = "instance 127.0.0.1:" + peer.host().port() + " answered 503: ";

    assertThatThrownBy(() -> remote.top(3, Measure.COUNT, ALL, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessage(
            address
                + "{\"error\":\"Kafka Streams is REBALANCING; add stale=true to read standby"
                + " copies\"}");
    assertThatThrownBy(() -> remote.counts(ALL, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageStartingWith(address);
    assertThatThrownBy(() -> remote.evidence("a b", 0, false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageStartingWith(address);
  }

  @Test
  void anAnswerThatIsNotTheRecordAskedForIsNotReady() throws IOException {
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext(
        "/",
        exchange -> {
          byte[] body = "[\"not\", \"a\", \"ranking\"]".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    other.start();
    try {
      HostInfo host = new HostInfo("127.0.0.1", other.getAddress().getPort());
      assertThatThrownBy(() -> client.at(host).top(3, Measure.COUNT, ALL, false))
          .isInstanceOf(NotReadyException.class)
          .hasMessageStartingWith("instance 127.0.0.1:" + host.port() + " gave a bad answer: ");
    } finally {
      other.stop(0);
    }
  }

  @Test
  void answersTellsAnInstanceThatAnswersFromOneThatDoesNot() {
    assertThat(client.answers(peer.host(), Duration.ofSeconds(2))).isTrue();
    HostInfo gone = peer.host();
    peer.close();
    assertThat(client.answers(gone, Duration.ofSeconds(2))).isFalse();
  }

  private static PartitionQueries.CountsSink copyInto(ByteArrayOutputStream out) {
    return new PartitionQueries.CountsSink() {
      @Override
      public void accept(String dstdevice, Evidence evidence) {
        throw new AssertionError("another instance's counts are copied as they came");
      }

      @Override
      public void copy(InputStream ndjson) throws IOException {
        ndjson.transferTo(out);
      }
    };
  }
}
