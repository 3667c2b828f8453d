package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowrank.core.command.ExitCode;
import io.flowrank.core.kafka.Topics;
import io.flowrank.streams.topology.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading from the version that kept counts only (docs/design.md §6 "Upgrading"), with the
 * processes as users run them on the embedded broker: an application whose topics are those of that
 * version (its repartition topic, its offsets at the end of {@code flows}) must not start counting
 * from where the old one stopped as if nothing had been counted: {@code flowrank stream} refuses
 * with exit code 2, naming {@code flowrank reset}. The reset (Kafka's application reset tool)
 * refuses while an instance runs, then resets; the application then counts every flow again and
 * the verifier finds every measure equal to the batch count.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class UpgradeAndResetTest {

  private static final Duration RUN = Duration.ofMinutes(2);

  @TempDir Path dir;
  private TestResources resources;

  @AfterEach
  void close() throws Exception {
    resources.close();
  }

  @Test
  void anApplicationOfTheCountsOnlyVersionIsRefusedUntilResetThenCountsEveryFlowAgain()
      throws Exception {
    resources = new TestResources("upgrade", TestKafka::embedded);
    String bootstrap = resources.bootstrap();
    String application = resources.newApplicationId();
    Path data = TestData.generate(dir.resolve("data"), TestData.TEN_FILES.withFiles(3));
    resources.createTopics(4);
    resources.replay(data);
    leaveTheCountsOnlyVersionsState(bootstrap, application);

    Path state = Files.createDirectories(dir.resolve("state"));
    Files.createDirectories(state.resolve(application).resolve("0_0"));
    List<String> streamOptions =
        List.of(
            "--bootstrap-servers", bootstrap,
            "--application-id", application,
            "--state-dir", state.toString());
    FlowrankProcess refused =
        resources.closeAfter(FlowrankProcess.stream("refused", dir.resolve("refused.log"), streamOptions));
    assertThat(refused.awaitExit(RUN)).as("exit code: %s", refused.tail(20)).isEqualTo(ExitCode.USAGE);
    assertThat(refused.tail(20))
        .contains("earlier flowrank that kept counts only")
        .contains("flowrank reset")
        .doesNotContain("Exception");

    // A running instance: the reset refuses, naming why.
    FlowrankProcess running =
        resources.closeAfter(
            FlowrankProcess.stream(
                "other-app",
                dir.resolve("other.log"),
                List.of(
                    "--bootstrap-servers", bootstrap,
                    "--application-id", application + "-other",
                    "--state-dir", dir.resolve("other-state").toString())));
    await("the other application's instance runs")
        .atMost(RUN)
        .ignoreExceptions()
        .until(() -> ApiCalls.get(running.httpUrl(), "/health").status() == 200);
    FlowrankProcess busy =
        resources.closeAfter(
            FlowrankProcess.command(
                "reset-busy",
                dir.resolve("reset-busy.log"),
                "reset",
                List.of("--bootstrap-servers", bootstrap, "--application-id", application + "-other")));
    assertThat(busy.awaitExit(RUN)).as("exit code: %s", busy.tail(20)).isEqualTo(ExitCode.USAGE);
    assertThat(busy.tail(5)).contains("running member").contains("stop every `flowrank stream`");

    FlowrankProcess reset =
        resources.closeAfter(
            FlowrankProcess.command(
                "reset",
                dir.resolve("reset.log"),
                "reset",
                List.of(
                    "--bootstrap-servers", bootstrap,
                    "--application-id", application,
                    "--state-dir", state.toString())));
    assertThat(reset.awaitExit(RUN)).as("exit code: %s", reset.tail(30)).isEqualTo(ExitCode.OK);
    assertThat(reset.tail(10)).contains("deleted the local state").contains("counts again");
    assertThat(Files.exists(state.resolve(application))).isFalse();
    try (Admin admin = admin(bootstrap)) {
      assertThat(admin.listTopics().names().get())
          .doesNotContain(Names.countsOnlyRepartitionTopic(application));
    }

    FlowrankProcess stream =
        resources.closeAfter(FlowrankProcess.stream("stream", dir.resolve("stream.log"), streamOptions));
    FlowrankProcess verify =
        resources.closeAfter(
            FlowrankProcess.verify(
                "verify",
                dir.resolve("verify.log"),
                List.of("--data", data.toString(), "--endpoint", stream.httpUrl(), "--timeout", "2m")));
    assertThat(verify.awaitExit(Duration.ofMinutes(3)))
        .as("the verifier after the reset: %s", verify.tail(30))
        .isEqualTo(ExitCode.OK);
    assertThat(verify.tail(5)).contains("IDENTICAL");
  }

  /**
   * What the counts-only version leaves on the broker: its repartition topic, and its group's
   * offsets at the end of {@code flows} (it had counted everything).
   */
  private static void leaveTheCountsOnlyVersionsState(String bootstrap, String application)
      throws Exception {
    try (Admin admin = admin(bootstrap)) {
      admin
          .createTopics(
              List.of(new NewTopic(Names.countsOnlyRepartitionTopic(application), 4, (short) 1)))
          .all()
          .get();
      Set<TopicPartition> flows = new java.util.HashSet<>();
      admin
          .describeTopics(List.of(Topics.FLOWS.name()))
          .allTopicNames()
          .get()
          .get(Topics.FLOWS.name())
          .partitions()
          .forEach(p -> flows.add(new TopicPartition(Topics.FLOWS.name(), p.partition())));
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      flows.forEach(p -> latest.put(p, OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((p, end) -> ends.put(p, new OffsetAndMetadata(end.offset())));
      admin.alterConsumerGroupOffsets(application, ends).all().get();
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
