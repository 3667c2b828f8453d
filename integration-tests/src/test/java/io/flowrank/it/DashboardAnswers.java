package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.api.ApiClient;
import io.flowrank.core.api.ClusterAnswer;
import io.flowrank.core.api.DeviceRankAnswer;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The answers the dashboard reads, checked against a batch count once the stream has caught up:
 * the share of each device in {@code /api/top}, the rank of a device ({@code
 * /api/devices/{d}?rank=true}, gathered from every instance), and who serves which partition
 * ({@code /api/cluster}).
 */
final class DashboardAnswers {

  private DashboardAnswers() {}

  static void assertEqualToTheBatch(String baseUrl, BatchCount batch, int instances)
      throws Exception {
    List<DeviceCount> ranking = TopN.of(batch.counts(), batch.counts().size());
    ApiClient client = ApiCalls.client(baseUrl);

    TopAnswer top = client.top(20, REQUEST);
    int partitions = top.partitions().total();
    assertThat(partitions).isPositive();
    assertThat(top.webFlows()).isEqualTo(batch.webFlows());
    assertThat(top.devices()).hasSize(Math.min(20, ranking.size()));
    for (int i = 0; i < top.devices().size(); i++) {
      TopAnswer.RankedDevice device = top.devices().get(i);
      assertThat(device.dstdevice()).isEqualTo(ranking.get(i).dstdevice());
      assertThat(device.rank()).isEqualTo(i + 1);
      assertThat(device.share())
          .as("share of %s", ranking.get(i).dstdevice())
          .isEqualTo(Math.round(ranking.get(i).count() * 1e6 / batch.webFlows()) / 1e6);
    }

    // The first, a few in the middle (ties among them: the synthetic counts repeat) and the last.
    List<Integer> positions = new ArrayList<>(List.of(0, 1, ranking.size() - 1));
    for (int i = 1; i <= 7; i++) {
      positions.add(ranking.size() * i / 8);
    }
    for (int position : positions) {
      DeviceCount expected = ranking.get(position);
      DeviceRankAnswer answer = client.deviceRank(expected.dstdevice(), REQUEST);
      assertThat(answer.found()).as("%s found by %s", expected.dstdevice(), baseUrl).isTrue();
      assertThat(answer.count()).isEqualTo(expected.count());
      assertThat(answer.rank())
          .as("rank of %s asked of %s", expected.dstdevice(), baseUrl)
          .isEqualTo(position + 1L);
      assertThat(answer.webFlows()).isEqualTo(batch.webFlows());
    }

    ClusterAnswer cluster = client.cluster(REQUEST);
    assertThat(cluster.state()).isEqualTo("RUNNING");
    assertThat(cluster.partitions().covered()).isEqualTo(partitions);
    assertThat(cluster.partitions().total()).isEqualTo(partitions);
    assertThat(cluster.instances()).as("%s", cluster).hasSize(instances);
    Set<Integer> active = new HashSet<>();
    int selves = 0;
    for (ClusterAnswer.Instance instance : cluster.instances()) {
      for (int partition : instance.active()) {
        assertThat(active.add(partition))
            .as("partition %s active on one instance only: %s", partition, cluster)
            .isTrue();
      }
      selves += instance.self() ? 1 : 0;
    }
    assertThat(active).hasSize(partitions);
    assertThat(selves).as("instances marked self in %s", cluster).isEqualTo(1);

    assertThat(client.rates(REQUEST).intervalSeconds()).as("/api/rates's sampling").isPositive();
  }
}
