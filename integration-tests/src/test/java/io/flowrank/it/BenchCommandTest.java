package io.flowrank.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowrank bench} end to end on a small data set: it runs every phase with real processes
 * (broker, streams app, producer, verifier), both verifications say identical, and the JSON holds
 * every figure. No figure is compared with a target here: speed is the benchmark's business.
 */
class BenchCommandTest {

  @TempDir Path dir;

  @Test
  void runsEveryPhaseAndWritesEveryFigure() throws Exception {
    Path json = dir.resolve("bench.json");
    int exit;
    try (FlowrankProcess bench =
        FlowrankProcess.bench(
            "bench",
            dir.resolve("bench.log"),
            List.of(
                "--rows", "40000",
                "--files", "4",
                "--devices", "3000",
                "--top-clients", "2",
                "--top-seconds", "3",
                "--skip-sample",
                "--work-dir", dir.resolve("work").toString(),
                "--json", json.toString()))) {
      exit = bench.awaitExit(Duration.ofMinutes(8));
      assertThat(exit).as("bench exit code; output:%n%s", bench.tail(40)).isZero();
    }

    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    Map<String, Double> figures = new HashMap<>();
    for (JsonNode figure : report.path("figures")) {
      figures.put(
          figure.path("phase").asText() + " / " + figure.path("name").asText(),
          figure.path("value").asDouble());
    }
    assertThat(figures)
        .containsEntry("b pipeline / verifier exit code (0 = identical)", 0.0)
        .containsEntry("d top-20 / devices in the store", 3000.0)
        .containsEntry("d top-20 / errors", 0.0);
    // 40,000 generated lines and 4 probes, less the corrupt lines that are blank (not records).
    assertThat(figures.get("a batch / rows")).isBetween(39_900.0, 40_004.0);
    assertThat(figures.get("b pipeline / rows")).isEqualTo(figures.get("a batch / rows"));
    assertThat(figures.get("a batch / throughput, one thread")).isPositive();
    assertThat(figures.get("b pipeline / throughput")).isPositive();
    assertThat(figures.get("c freshness / samples (one per file)")).isEqualTo(4.0);
    assertThat(figures.get("c freshness / p99")).isGreaterThanOrEqualTo(figures.get("c freshness / p50"));
    assertThat(figures.get("d top-20 / requests")).isPositive();
    assertThat(figures.get("d top-20 / p99")).isGreaterThanOrEqualTo(figures.get("d top-20 / p50"));

    for (JsonNode phase : report.path("memory")) {
      for (JsonNode process : phase.path("processes")) {
        assertThat(process.path("peakRssBytes").asLong())
            .as("peak RSS of %s in %s", process.path("process"), phase.path("phase"))
            .isPositive();
        assertThat(process.path("heap").path("peakUsedBytes").asLong())
            .as("peak heap of %s in %s", process.path("process"), phase.path("phase"))
            .isPositive();
      }
    }
    assertThat(report.path("memory").findValuesAsText("process"))
        .contains("broker", "stream", "producer-0");
  }
}
