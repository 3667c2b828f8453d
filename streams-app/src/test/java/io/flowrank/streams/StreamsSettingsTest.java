package io.flowrank.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  @Test
  void eachInstanceIsAStaticMemberNamedByItsAddress() {
    Properties props =
        StreamsSettings.defaults("127.0.0.1:9092").streamsProperties("stream-1:7070");

    assertThat(props.get(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)))
        .isEqualTo("flowrank-stream-1-7070");
    assertThat(props.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("stream-1:7070");
  }

  @Test
  void anAddressBecomesALegalInstanceId() {
    assertThat(StreamsSettings.groupInstanceId("127.0.0.1:7071")).isEqualTo("flowrank-127.0.0.1-7071");
    assertThat(StreamsSettings.groupInstanceId("[::1]:7070")).isEqualTo("flowrank----1--7070");
    assertThat(StreamsSettings.groupInstanceId("stream-2:7070"))
        .isNotEqualTo(StreamsSettings.groupInstanceId("stream-1:7070"));
  }
}
