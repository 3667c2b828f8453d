package io.flowrank.streams.topology;

import io.flowrank.core.binary.Varints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.evidence.Total;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The repartition's value: a frame's sums per device of one partition, with their clients. */
class EvidenceBatchTest {

  /** What a batch says of one device: its sums and its clients, and the same per window. */
  private record Device(
      String dstdevice, Evidence sums, Set<String> clients, Map<Long, Evidence> windows) {

    static Device of(String dstdevice, Tally tally) {
      return of(dstdevice, tally, Map.of());
    }

    static Device of(String dstdevice, Tally tally, Map<Long, Tally> windows) {
      Map<Long, Evidence> byWindow = new TreeMap<>();
      windows.forEach((start, window) -> byWindow.put(start, Evidence.of(window)));
      return new Device(dstdevice, Evidence.of(tally), new TreeSet<>(tally.clients()), byWindow);
    }
  }

  private static final WindowTallies NO_WINDOWS = new WindowTallies(new ArrayDeque<>());

  private static void add(EvidenceBatch.Builder builder, String device, Tally tally) {
    builder.add(device, device.getBytes(StandardCharsets.UTF_8), tally, NO_WINDOWS);
  }

  private static List<Device> read(byte[] batch) {
    List<Device> devices = new ArrayList<>();
    BatchContents.forEach(
        batch,
        (device, tally, windows) -> {
          Map<Long, Tally> byWindow = new TreeMap<>();
          for (int i = 0; i < windows.size(); i++) {
            byWindow.put(windows.start(i), windows.tally(i));
          }
          devices.add(Device.of(device, tally, byWindow));
        });
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

    EvidenceBatch.Builder builder = new EvidenceBatch.Builder(0);
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
  void eachDeviceCarriesItsSumsPerWindowAndAWindowHoldingAllItsFlowsSharesThem() {
    Tally spanning = tally(3, 2, Total.of(10), Total.of(20), "Comp1", "Comp2");
    spanning.seen(172_799, 172_801);
    Tally before = tally(1, 1, Total.of(4), Total.of(5), "Comp1");
    before.seen(172_799, 172_799);
    Tally after = tally(2, 1, Total.of(6), Total.of(15), "Comp2");
    after.seen(172_800, 172_801);
    Tally steady = tally(4, 4, Total.of(1), Total.of(1), "Comp3");
    steady.seen(172_900, 172_901);

    WindowTallies spanningWindows = new WindowTallies(new ArrayDeque<>());
    // Added out of order: kept by start.
    spanningWindows.share(172_800, after);
    spanningWindows.share(169_200, before);
    WindowTallies steadyWindows = new WindowTallies(new ArrayDeque<>());
    steadyWindows.share(172_800, steady);
    EvidenceBatch.Builder builder = new EvidenceBatch.Builder(0);
    builder.add("Comp9", "Comp9".getBytes(StandardCharsets.UTF_8), spanning, spanningWindows);
    builder.add("VPN", "VPN".getBytes(StandardCharsets.UTF_8), steady, steadyWindows);
    byte[] batch = builder.take();

    assertThat(read(batch))
        .containsExactly(
            Device.of("Comp9", spanning, Map.of(169_200L, before, 172_800L, after)),
            Device.of("VPN", steady, Map.of(172_800L, steady)));
    BatchContents.forEach(
        batch,
        (device, tally, windows) -> {
          if (device.equals("VPN")) {
            assertThat(windows.tally(0)).as("the device's own sums, sent once").isSameAs(tally);
          }
        });
  }

  @Test
  void aBatchOfTheVersionBeforeWindowsCountsInAllTimeOnly() {
    // Version 1: a device's sums, no window part.
    Varints.Writer v1 = new Varints.Writer(64);
    v1.writeByte(1);
    v1.writeString("VPN");
    for (long field : new long[] {2, 1, 0, 7, 0, 9, 1, 443, 2, 172_801, 172_802, 1}) {
      v1.writeVarint(field);
    }
    v1.writeString("Comp1");

    List<Device> devices = read(v1.take());
    assertThat(devices).hasSize(1);
    assertThat(devices.get(0).sums().count()).isEqualTo(2);
    assertThat(devices.get(0).clients()).containsExactly("Comp1");
    assertThat(devices.get(0).windows()).isEmpty();
  }

  @Test
  void aCutOrForeignBatchIsAnErrorNotAMiscount() {
    EvidenceBatch.Builder builder = new EvidenceBatch.Builder(0);
    add(builder, "Comp1", tally(5, 1, Total.of(2), Total.of(3), "Comp2"));
    byte[] batch = builder.take();

    assertThatThrownBy(() -> read(new byte[0])).hasMessageContaining("cut at byte 0");
    byte[] header = new EvidenceBatch.Builder(0).progressOnly();
    assertThat(read(header)).as("a version, the progress and no device").isEmpty();
    for (int length = 1; length < header.length; length++) {
      byte[] cut = Arrays.copyOf(header, length);
      assertThatThrownBy(() -> read(cut))
          .as("header cut to %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (int length = header.length + 1; length < batch.length; length++) {
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
        .hasMessageContaining("unknown version " + (EvidenceBatch.VERSION + 1));
  }

  @Test
  void aClientsNameAndPairKeyComeFromTheBatchBytesAsFromTheNames() {
    // A device name of 200 bytes (a two-byte length in the key), non-ASCII names, byte sums past
    // 2^64 read back exactly.
    String longDevice = "Dev" + "x".repeat(197);
    Total huge = new Total(2, -3L);
    EvidenceBatch.Builder builder = new EvidenceBatch.Builder(0);
    add(builder, longDevice, tally(2, 1, huge, Total.of(5), "Comp1", "Kl\u00e4rchen"));
    add(builder, "W\u00e9b", tally(1, 0, Total.ZERO, huge, "\u65e5\u672c"));
    byte[] batch = builder.take();

    List<String> seen = new ArrayList<>();
    EvidenceBatch.forEach(
        batch,
        new NameTable(Integer.MAX_VALUE),
        (dstdevice, number, sums, clients, windows) -> {
          assertThat(List.of(sums.bytesOut(), sums.bytesIn())).contains(huge);
          for (int i = 0; i < clients.size(); i++) {
            String client = clients.name(i);
            assertThat(clients.pairKey(i)).isEqualTo(ClientPairs.key(dstdevice, client));
            assertThat(ClientPairs.pair(clients.pairKey(i).get()))
                .isEqualTo(new ClientPairs.Pair(dstdevice, client));
            seen.add(dstdevice + "/" + client);
          }
        });
    assertThat(seen)
        .containsExactlyInAnyOrder(
            longDevice + "/Comp1", longDevice + "/Kl\u00e4rchen", "W\u00e9b/\u65e5\u672c");
  }
}
