package io.flowrank.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowrank.core.input.InputFormat;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {

  private final FlowRules rules = new FlowRules(WebPorts.DEFAULT);

  private void add(Tally tally, String csvRow) {
    FlowFields fields = new FlowFields();
    byte[] row = csvRow.getBytes(StandardCharsets.UTF_8);
    assertThat(rules.judge(InputFormat.CSV, row, 0, row.length, fields).isWebFlow()).isTrue();
    tally.add(fields);
  }

  @Test
  void byteSumsAddedAsHalvesCarryPastTwoToThe64() {
    Total big = new Total(3, -5L); // 3 * 2^64 + 2^64 - 5
    Tally tally = new Tally();
    for (int i = 0; i < 3; i++) {
      tally.addSums(2, 1, big.high(), big.low(), 0, 7);
    }
    tally.addSums(0, 0, big, Total.ZERO);

    BigInteger four = BigInteger.valueOf(4);
    assertThat(tally.bytesOut().toBigInteger()).isEqualTo(big.toBigInteger().multiply(four));
    assertThat(tally.bytesIn()).isEqualTo(Total.of(21));
    assertThat(new Total(tally.bytesOutHigh(), tally.bytesOutLow())).isEqualTo(tally.bytesOut());
    assertThat(new Total(tally.bytesInHigh(), tally.bytesInLow())).isEqualTo(tally.bytesIn());
    assertThat(tally.count()).isEqualTo(6);
    assertThat(tally.answered()).isEqualTo(3);
    assertThat(Evidence.NONE.plus(tally, 0).bytesOut()).isEqualTo(tally.bytesOut());
  }

  @Test
  void aTallyAddedToAnotherSumsAsIfItsFlowsWereAddedOneByOne() {
    String[] rows = {
      "172810,0,C1,W,6,P,443,1,2,100,1000", "172805,0,C2,W,6,P,80,1,0,50,0",
      "x,0,C1,W,6,P,443,1,x,9223372036854775807,9223372036854775807", "172900,0,,W,6,P,443,1,1,,",
      "172700,0,C3,W,6,P,80,2,3,10,20"
    };
    Tally oneByOne = new Tally();
    Tally first = new Tally();
    Tally rest = new Tally();
    for (int i = 0; i < rows.length; i++) {
      add(oneByOne, rows[i]);
      add(i < 2 ? first : rest, rows[i]);
    }
    rest.addAll(first);

    assertThat(Evidence.of(rest)).isEqualTo(Evidence.of(oneByOne));
    Tally empty = new Tally();
    empty.addAll(new Tally());
    assertThat(Evidence.of(empty)).isEqualTo(Evidence.NONE);
  }

  @Test
  void everyMeasureOfAFewFlows() {
    Tally tally = new Tally();
    add(tally, "172810,0,C1,W,6,P,443,1,2,100,1000");
    add(tally, "172805,0,C2,W,6,P,80,1,0,50,0");
    add(tally, "x,0,C1,W,6,P,443,1,x,9223372036854775807,9223372036854775807");
    add(tally, "172900,0,,W,6,P,443,1,1,,");

    Evidence evidence = Evidence.of(tally);
    assertThat(evidence.count()).isEqualTo(4);
    assertThat(evidence.answered()).as("dstpackets above 0").isEqualTo(2);
    assertThat(evidence.clients()).as("C1 and C2; the empty srcdevice is no client").isEqualTo(2);
    assertThat(evidence.bytesOut().toBigInteger())
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1000)));
    assertThat(evidence.bytesIn().toBigInteger())
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(150)));
    assertThat(evidence.ports().asMap(java.util.List.of(80, 443)))
        .containsExactly(Map.entry("80", 1L), Map.entry("443", 3L));
    assertThat(evidence.firstSeen()).isEqualTo(172805);
    assertThat(evidence.lastSeen()).isEqualTo(172900);
  }

  @Test
  void clientsStayDistinctPastTheSmallList() {
    Tally tally = new Tally();
    for (int round = 0; round < 3; round++) {
      for (int c = 0; c < 20; c++) {
        tally.addClient("C" + c);
      }
    }
    assertThat(tally.clientCount()).isEqualTo(20);
    assertThat(clientsOf(tally)).hasSize(20).containsExactlyInAnyOrderElementsOf(tally.clients());
    tally.clear();
    assertThat(tally.clientCount()).isZero();
    assertThat(tally.count()).isZero();
    assertThat(clientsOf(tally)).isEmpty();
    tally.addClient("Few");
    tally.addClient("Few");
    tally.addClient("Two");
    assertThat(clientsOf(tally)).containsExactlyInAnyOrder("Few", "Two");
  }

  private static List<String> clientsOf(Tally tally) {
    List<String> clients = new ArrayList<>();
    tally.forEachClient(clients::add);
    return clients;
  }

  @Test
  void evidenceGrowsByATallyAndItsNewClients() {
    Tally first = new Tally();
    add(first, "5,0,C1,W,6,P,443,1,2,100,1000");
    Tally second = new Tally();
    add(second, "3,0,C1,W,6,P,80,1,2,100,1000");
    add(second, "9,0,C2,W,6,P,80,1,0,1,1");
    Evidence evidence = Evidence.of(first).plus(second, 1);
    assertThat(evidence.count()).isEqualTo(3);
    assertThat(evidence.clients()).isEqualTo(2);
    assertThat(evidence.answered()).isEqualTo(2);
    assertThat(evidence.firstSeen()).isEqualTo(3);
    assertThat(evidence.lastSeen()).isEqualTo(9);
    assertThat(evidence.ports().countOf(80)).isEqualTo(2);
    assertThat(evidence.ports().countOf(443)).isEqualTo(1);
    assertThat(Evidence.NONE.plus(new Tally(), 0)).isEqualTo(Evidence.NONE);
  }
}
