package io.flowrank.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowrank.core.api.ClusterAnswer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Who serves which partition, from a group described by hand. */
class ClusterViewTest {

  private static final HostInfo A = new HostInfo("host-a", 7070);
  private static final HostInfo B = new HostInfo("host-b", 7070);
  private static final HostInfo C = new HostInfo("host-c", 7071);

  private final FakeGroup group =
      new FakeGroup(4).active(A, 0, 1).standby(A, 2).active(B, 2).standby(B, 0, 1).active(C, 3);

  @Test
  void eachPartitionHasItsActiveHostThenWithStaleItsStandbys() {
    ClusterView view = group.viewFrom(A);

    assertThat(view.countsHosts(false))
        .isEqualTo(Map.of(0, List.of(A), 1, List.of(A), 2, List.of(B), 3, List.of(C)));
    assertThat(view.countsHosts(true))
        .isEqualTo(Map.of(0, List.of(A, B), 1, List.of(A, B), 2, List.of(B, A), 3, List.of(C)));
    assertThat(view.statsHosts(false)).isEqualTo(view.countsHosts(false));
  }

  @Test
  void aPartitionWithoutAHostIsNotReadyButTheLayoutStillAnswers() {
    ClusterView view = new FakeGroup(4).active(A, 0, 1).standby(A, 2).active(B, 2).viewFrom(A);

    assertThatThrownBy(() -> view.countsHosts(false))
        .isInstanceOf(NotReadyException.class)
        .hasMessage(
            "partition 3 of 4 has no active instance now (rebalancing or an instance is down)");
    assertThat(view.layout().covered()).isEqualTo(3);
    assertThat(view.layout().total()).isEqualTo(4);
  }

  @Test
  void theLayoutNamesEveryInstanceWithItsPartitions() {
    assertThat(group.viewFrom(B).layout())
        .isEqualTo(
            new ClusterView.Layout(
                4,
                4,
                List.of(
                    new ClusterAnswer.Instance("host-a:7070", false, List.of(0, 1), List.of(2)),
                    new ClusterAnswer.Instance("host-b:7070", true, List.of(2), List.of(0, 1)),
                    new ClusterAnswer.Instance("host-c:7071", false, List.of(3), List.of()))));
  }

  @Test
  void aDeviceBeforeAnyInstanceHoldsTheCountsIsNotReady() {
    ClusterView.Metadata starting =
        new ClusterView.Metadata() {
          @Override
          public Collection<StreamsMetadata> clients() {
            return List.of();
          }

          @Override
          public KeyQueryMetadata ofDevice(String dstdevice) {
            return KeyQueryMetadata.NOT_AVAILABLE;
          }
        };
    ClusterView view = new ClusterView(starting, A, FakeGroup.APPLICATION_ID, 4, 4);

    assertThatThrownBy(() -> view.ownerOf("Comp1"))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("no instance holds the counts yet");
    assertThat(group.viewFrom(A).ownerOf("Comp1").partition()).isBetween(0, 3);
  }
}
