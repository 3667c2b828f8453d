package io.flowrank.streams;

import io.flowrank.core.time.TimeSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class MembershipTest {

  private static final String SESSION =
      StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
  private static final String HEARTBEAT =
      StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
  private static final String INSTANCE_ID =
      StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

  @Test
  void byDefaultAClassicStaticMemberWithAThreeSecondSessionAndOneSecondHeartbeats() {
    Properties props =
        StreamsSettings.defaults("127.0.0.1:9092").streamsProperties("stream-1:7070");

    assertThat(props.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("classic");
    assertThat(props.get(SESSION)).isEqualTo(3_000);
    assertThat(props.get(HEARTBEAT)).isEqualTo(1_000);
    assertThat(props.get(INSTANCE_ID)).isEqualTo("flowrank-stream-1-7070");
  }

  @Test
  void theStreamsProtocolLeavesSessionHeartbeatAndInstanceIdToTheGroup() {
    Properties props =
        StreamsSettings.defaults("127.0.0.1:9092")
            .withMembership(new Membership(Membership.Protocol.STREAMS, Duration.ofSeconds(3)))
            .streamsProperties("stream-1:7070");

    assertThat(props.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("streams");
    // Kafka 4.3 refuses group.instance.id under the streams protocol; the session is the group's.
    assertThat(props).doesNotContainKeys(SESSION, HEARTBEAT, INSTANCE_ID);
  }

  @Test
  void theUsersConfigStillComesLast() {
    Properties user = new Properties();
    user.put(SESSION, "10000");
    StreamsSettings settings =
        new StreamsSettings(
            "127.0.0.1:9092", "app", "127.0.0.1", 0, java.util.Optional.empty(),
            io.flowrank.core.rules.WebPorts.DEFAULT, java.util.Optional.empty(), 4, 1, 1, null,
            user,
            TimeSettings.DEFAULT);

    assertThat(settings.streamsProperties("h:1").get(SESSION)).isEqualTo("10000");
  }

  @Test
  void protocolNamesAndSessionBounds() {
    assertThat(Membership.Protocol.parse(" Streams ")).isEqualTo(Membership.Protocol.STREAMS);
    assertThat(Membership.Protocol.parse("classic")).isEqualTo(Membership.Protocol.CLASSIC);
    assertThatThrownBy(() -> Membership.Protocol.parse("consumer"))
        .hasMessage("unknown group protocol 'consumer' (expected classic or streams)");
    assertThatThrownBy(() -> new Membership(Membership.Protocol.CLASSIC, Duration.ofMillis(999)))
        .hasMessage("session timeout must be 1 s to 5 min, got 999 ms");
    assertThat(new Membership(Membership.Protocol.CLASSIC, Duration.ofSeconds(6)).heartbeatInterval())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
