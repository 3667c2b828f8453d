package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.evidence.Total;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The repartition's value: a frame's sums per device of one partition, with their clients. */
class EvidenceBatchTest {

  /** What a batch says of one device: its sums and its clients. */
  private record Device(String dstdevice, Evidence sums, Set<String> clients) {

    static Device of(String dstdevice, Tally tally) {
      return new Device(dstdevice, Evidence.of(tally), new TreeSet<>(tally.clients()));
    }
  }

  private static void add(EvidenceBatch.Builder builder, String device, Tally tally) {
    builder.add(device, device.getBytes(StandardCharsets.UTF_8), tally);
  }

  private static List<Device> read(byte[] batch) {
    List<Device> devices = new ArrayList<>();
    EvidenceBatch.forEach(batch, (device, tally) -> devices.add(Device.of(device, tally)));
    return devices;
  }

  private static Tally tally(long count, long answered, Total out, Total in, String... clients) {
    Tally tally = new Tally();
    tally.addSums(count, answered, out, in);
    tally.addPort(443, count);
    for (String client : clients) {
      tally.addClient(client);
    }
    return tally;
  }

  @Test
  void devicesComeBackInOrderWithTheirSumsAndClientsAndTheBuilderStartsOverAfterTake() {
    Tally server = tally(5_000, 4_000, Total.of(81_000_000), Total.of(300_000));
    for (int i = 0; i < 1_000; i++) {
      server.addClient("Comp" + i); // past the few kept in a list
    }
    server.addPort(80, 7);
    server.seen(172_800, 259_199);
    // A name in several scripts, clients too, byte sums past 2^64 and no valid time.
    Tally unicode = tally(2, 1, new Total(3, -1), new Total(1, 0), "客户端", "Compé", "🛰️", "Compé");
    Tally longName = tally(Long.MAX_VALUE, 0, Total.ZERO, Total.ZERO);
    longName.seen(0, 0);
    String manyBytes = "x".repeat(1_000);

    EvidenceBatch.Builder builder = new EvidenceBatch.Builder();
    assertThat(builder.isEmpty()).isTrue();
    add(builder, "EnterpriseAppServer", server);
    add(builder, "Serveur-é-服务器", unicode);
    add(builder, manyBytes, longName);

    assertThat(builder.first()).isEqualTo("EnterpriseAppServer");
    List<Device> devices = read(builder.take());
    assertThat(devices)
        .containsExactly(
            Device.of("EnterpriseAppServer", server),
            Device.of("Serveur-é-服务器", unicode),
            Device.of(manyBytes, longName));
    assertThat(devices.get(0).clients()).hasSize(1_000);
    assertThat(devices.get(1).clients()).containsExactlyInAnyOrder("客户端", "Compé", "🛰️");
    assertThat(devices.get(1).sums().firstSeen()).isEqualTo(Evidence.NO_TIME);
    assertThat(devices.get(2).sums().firstSeen()).isZero();

    assertThat(builder.isEmpty()).isTrue();
    add(builder, "VPN", tally(2, 2, Total.of(1), Total.of(1), "Comp1"));
    assertThat(read(builder.take()))
        .containsExactly(Device.of("VPN", tally(2, 2, Total.of(1), Total.of(1), "Comp1")));
  }

  @Test
  void aCutOrForeignBatchIsAnErrorNotAMiscount() {
    EvidenceBatch.Builder builder = new EvidenceBatch.Builder();
    add(builder, "Comp1", tally(5, 1, Total.of(2), Total.of(3), "Comp2"));
    byte[] batch = builder.take();

    assertThatThrownBy(() -> read(new byte[0])).hasMessageContaining("cut at byte 0");
    assertThat(read(new byte[] {batch[0]})).as("a version and no device").isEmpty();
    for (int length = 2; length < batch.length; length++) {
      byte[] cut = Arrays.copyOf(batch, length);
      assertThatThrownBy(() -> read(cut))
          .as("cut to %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cut");
    }
    byte[] nextVersion = batch.clone();
    nextVersion[0] = (byte) (EvidenceBatch.VERSION + 1);
    assertThatThrownBy(() -> read(nextVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown version 2");
  }
}
