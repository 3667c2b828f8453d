package io.flowrank.core.batch;

import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The notebook's static DataFrame query, one-shot, on one thread: reads every input file with the
 * same readers and rules as the producer and the streams app (each record judged by the rules of
 * its file's format), and counts web flows per dstdevice.
 */
public final class BatchCounter {

  private final FlowRules rules;

  public BatchCounter(FlowRules rules) {
    this.rules = rules;
  }

  /** The rules of this JSON parser for JSON, and the CSV rules for its web ports. */
  public BatchCounter(FlowLineParser parser) {
    this(new FlowRules(parser));
  }

  public BatchCount count(InputFiles input) throws IOException {
    Map<String, long[]> counts = new HashMap<>();
    long[] rejected = new long[RejectReason.values().length];
    long records = 0;
    long webFlows = 0;
    for (Path file : input.files()) {
      try (RecordReader reader = input.open(file)) {
        while (reader.next()) {
          Verdict verdict = rules.judge(reader);
          switch (verdict.kind()) {
            case BLANK:
              continue;
            case WEB_FLOW:
              counts.computeIfAbsent(verdict.dstdevice(), d -> new long[1])[0]++;
              webFlows++;
              break;
            case REJECTED:
              rejected[verdict.reason().ordinal()]++;
              break;
            default:
              break;
          }
          records++;
        }
      }
    }
    Map<String, Long> result = new HashMap<>(counts.size() * 2);
    counts.forEach((device, n) -> result.put(device, n[0]));
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      if (rejected[reason.ordinal()] > 0) {
        byReason.put(reason, rejected[reason.ordinal()]);
      }
    }
    return new BatchCount(
        Collections.unmodifiableMap(result),
        input.files().size(),
        records,
        webFlows,
        Collections.unmodifiableMap(byReason));
  }
}
