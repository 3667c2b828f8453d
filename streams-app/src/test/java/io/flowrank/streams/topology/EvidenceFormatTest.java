package io.flowrank.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.PortCounts;
import io.flowrank.core.evidence.Total;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The value formats of {@code webserver-counts} (a device's evidence of all time and in its latest
 * window) and {@code webserver-window-counts} (an evidence): what they read back, and what they
 * refuse.
 */
class EvidenceFormatTest {

  private static final Serde<Evidence> SERDE = EvidenceFormat.serde();
  private static final String TOPIC = "topology-test-webserver-counts-changelog";
  private static final Evidence SMALL =
      new Evidence(3, 2, 1, Total.of(9), Total.of(8), PortCounts.NONE, 5, 6);

  private static Evidence roundTrip(Evidence evidence) {
    return SERDE.deserializer().deserialize(TOPIC, SERDE.serializer().serialize(TOPIC, evidence));
  }

  @Test
  void everyEvidenceComesBackAsItWasWritten() {
    List<Evidence> cases =
        List.of(
            Evidence.NONE,
            new Evidence(
                14199,
                10_000,
                312,
                Total.of(81_000_000_000L),
                Total.of(2_500_000),
                PortCounts.NONE.plus(80, 199).plus(443, 14_000),
                172_800,
                259_199),
            // Above 2^64 both ways (the high word set, the low one past 2^63), and no valid time.
            new Evidence(
                Long.MAX_VALUE,
                Long.MAX_VALUE - 1,
                Long.MAX_VALUE,
                new Total(5, -1),
                new Total(Long.MAX_VALUE, Long.MIN_VALUE),
                PortCounts.NONE.plus(65_535, Long.MAX_VALUE).plus(1, 1),
                Evidence.NO_TIME,
                Evidence.NO_TIME),
            new Evidence(1, 0, 0, Total.ZERO, Total.ZERO, PortCounts.NONE.plus(443, 1), 0, 0));
    for (Evidence evidence : cases) {
      assertThat(roundTrip(evidence)).isEqualTo(evidence);
    }
    assertThat(roundTrip(cases.get(2)).bytesOut().toBigInteger())
        .isEqualTo(
            java.math.BigInteger.valueOf(6).shiftLeft(64).subtract(java.math.BigInteger.ONE));
    assertThat(SERDE.serializer().serialize(TOPIC, null)).isNull();
    assertThat(SERDE.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void aDeviceComesBackWithItsLatestWindowAndAValueOfTheVersionBeforeWindowsWithNone() {
    Serde<DeviceCounts> counts = EvidenceFormat.countsSerde();
    Evidence big =
        new Evidence(
            14199, 10_000, 312, new Total(1, 2), Total.of(3), PortCounts.NONE.plus(80, 199), 1, 2);
    for (DeviceCounts device :
        List.of(
            DeviceCounts.allTime(SMALL),
            new DeviceCounts(big, 172_800, SMALL),
            new DeviceCounts(SMALL, 0, Evidence.NONE))) {
      assertThat(
              counts.deserializer().deserialize(TOPIC, counts.serializer().serialize(TOPIC, device)))
          .isEqualTo(device);
    }
    // Version 1: the evidence alone, as the window store still writes it.
    assertThat(EvidenceFormat.decodeCounts(EvidenceFormat.encode(big)))
        .isEqualTo(DeviceCounts.allTime(big));
    assertThat(EvidenceFormat.encode(new DeviceCounts(big, 172_800, SMALL))[1])
        .isEqualTo((byte) EvidenceFormat.VERSION);
  }

  @Test
  void aCountOfTheVersionBeforeEvidenceIsRefusedNamingTheWayOut() {
    for (long count : new long[] {0, 1, 14_199, 1L << 40}) {
      byte[] legacy = Serdes.Long().serializer().serialize(TOPIC, count);

      assertThatThrownBy(() -> EvidenceFormat.decodeCounts(legacy))
          .as("the count %d", count)
          .isInstanceOf(IncompatibleStateException.class)
          .hasMessageContaining("value format 0")
          .hasMessageContaining("flowrank reset");
    }
  }

  @Test
  void aValueOfAnUnknownVersionOrMagicIsRefused() {
    byte[] current = EvidenceFormat.encode(SMALL);
    byte[] nextVersion = current.clone();
    nextVersion[1] = (byte) (EvidenceFormat.VERSION + 1);
    byte[] foreign = current.clone();
    foreign[0] = 'X';

    assertThatThrownBy(() -> EvidenceFormat.decodeCounts(nextVersion))
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("unknown format (first bytes 69, 3)")
        .hasMessageContaining("flowrank reset");
    byte[] counts = EvidenceFormat.encode(DeviceCounts.allTime(SMALL));
    assertThatThrownBy(() -> EvidenceFormat.decode(counts))
        .as("a webserver-counts value is not a window's evidence")
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("unknown format (first bytes 69, 2)");
    assertThatThrownBy(() -> EvidenceFormat.decode(foreign))
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("unknown format (first bytes 88, 1)");
  }

  @Test
  void aCutValueIsAnErrorNamingWhereItBrokeNotAWrongEvidence() {
    byte[] whole = EvidenceFormat.encode(SMALL);

    for (int length = 2; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> EvidenceFormat.decode(cut))
          .as("cut to %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a webserver-window-counts value is cut at byte " + length);
    }
    byte[] device = EvidenceFormat.encode(new DeviceCounts(SMALL, 172_800, SMALL));
    for (int length = 2; length < device.length; length++) {
      byte[] cut = Arrays.copyOf(device, length);
      assertThatThrownBy(() -> EvidenceFormat.decodeCounts(cut))
          .as("cut to %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a webserver-counts value is cut at byte " + length);
    }
  }
}
