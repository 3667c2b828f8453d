package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import io.flowrank.it.ApiClient.HttpAnswer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON the dashboard reads, checked against a batch count once the stream has caught up: the
 * share of each device in {@code /api/top}, the rank of a device ({@code /api/devices/{d}?rank=true},
 * gathered from every instance), and who serves which partition ({@code /api/cluster}).
 */
final class DashboardAnswers {

  private DashboardAnswers() {}

  static void assertEqualToTheBatch(String baseUrl, BatchCount batch, int instances)
      throws Exception {
    List<DeviceCount> ranking = TopN.of(batch.counts(), batch.counts().size());

    HttpAnswer top = ApiClient.get(baseUrl, "/api/top?n=20");
    assertThat(top.status()).as(top.text()).isEqualTo(200);
    int partitions = top.body().path("partitions").path("total").asInt();
    assertThat(partitions).isPositive();
    assertThat(top.body().path("webFlows").asLong()).isEqualTo(batch.webFlows());
    JsonNode devices = top.body().path("devices");
    assertThat(devices).hasSize(Math.min(20, ranking.size()));
    for (int i = 0; i < devices.size(); i++) {
      JsonNode device = devices.get(i);
      assertThat(device.path("dstdevice").asText()).isEqualTo(ranking.get(i).dstdevice());
      assertThat(device.path("rank").asLong()).isEqualTo(i + 1);
      assertThat(device.path("share").asDouble())
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
      String path =
          "/api/devices/" + URLEncoder.encode(expected.dstdevice(), StandardCharsets.UTF_8)
              + "?rank=true";
      HttpAnswer answer = ApiClient.get(baseUrl, path);
      assertThat(answer.status()).as("%s%s: %s", baseUrl, path, answer.text()).isEqualTo(200);
      assertThat(answer.body().path("count").asLong()).isEqualTo(expected.count());
      assertThat(answer.body().path("rank").asLong())
          .as("rank of %s asked of %s", expected.dstdevice(), baseUrl)
          .isEqualTo(position + 1);
      assertThat(answer.body().path("webFlows").asLong()).isEqualTo(batch.webFlows());
    }

    HttpAnswer cluster = ApiClient.get(baseUrl, "/api/cluster");
    assertThat(cluster.status()).as(cluster.text()).isEqualTo(200);
    assertThat(cluster.body().path("state").asText()).isEqualTo("RUNNING");
    assertThat(cluster.body().path("partitions").path("covered").asInt()).isEqualTo(partitions);
    assertThat(cluster.body().path("partitions").path("total").asInt()).isEqualTo(partitions);
    assertThat(cluster.body().path("instances")).as(cluster.text()).hasSize(instances);
    Set<Integer> active = new HashSet<>();
    int selves = 0;
    for (JsonNode instance : cluster.body().path("instances")) {
      for (JsonNode partition : instance.path("active")) {
        assertThat(active.add(partition.asInt()))
            .as("partition %s active on one instance only: %s", partition, cluster.text())
            .isTrue();
      }
      selves += instance.path("self").asBoolean() ? 1 : 0;
    }
    assertThat(active).hasSize(partitions);
    assertThat(selves).as("instances marked self in %s", cluster.text()).isEqualTo(1);

    HttpAnswer rates = ApiClient.get(baseUrl, "/api/rates");
    assertThat(rates.status()).isEqualTo(200);
    assertThat(rates.body().path("samples").isArray()).isTrue();
  }
}
