package io.flowrank.core.batch;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.RecordReader;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowLineParser;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The notebook's static DataFrame query, one-shot, on one thread: reads every input file with the
 * same readers and rules as the producer and the streams app (each record judged by the rules of
 * its file's format), and sums every web flow into its dstdevice's evidence, its distinct clients
 * exactly (one set of names per device); asked for windows, the same pass sums them per window of
 * data time too ({@link WindowedCount}).
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
    return count(input, Optional.empty());
  }

  /** All time, and per window of {@code windowing} with the events of {@code rule}. */
  public BatchCount count(InputFiles input, Windowing windowing, ServerRule rule)
      throws IOException {
    return count(input, Optional.of(new WindowedCount(windowing, rule)));
  }

  private BatchCount count(InputFiles input, Optional<WindowedCount> windows) throws IOException {
    WindowedCount windowed = windows.orElse(null);
    Map<String, Tally> tallies = new HashMap<>();
    // One copy of each client's name, however many devices it talks to.
    Map<String, String> clientNames = new HashMap<>();
    long[] rejected = new long[RejectReason.values().length];
    long[] incomplete = new long[NumericField.values().length];
    FlowFields fields = new FlowFields();
    long records = 0;
    long webFlows = 0;
    for (Path file : input.files()) {
      try (RecordReader reader = input.open(file)) {
        while (reader.next()) {
          Verdict verdict = rules.judge(reader, fields);
          switch (verdict.kind()) {
            case BLANK:
              continue;
            case WEB_FLOW:
              Tally tally = tallies.computeIfAbsent(verdict.dstdevice(), d -> new Tally());
              String client = fields.srcdevice();
              if (client != null) {
                client = clientNames.computeIfAbsent(client, name -> name);
              }
              tally.add(fields, client);
              if (windowed != null) {
                windowed.add(verdict.dstdevice(), fields, client);
              }
              NumericField.count(fields, incomplete);
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
    Map<String, Evidence> evidence = new HashMap<>(tallies.size() * 2);
    tallies.forEach((device, tally) -> evidence.put(device, Evidence.of(tally)));
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      if (rejected[reason.ordinal()] > 0) {
        byReason.put(reason, rejected[reason.ordinal()]);
      }
    }
    Map<NumericField, Long> incompleteByField = new EnumMap<>(NumericField.class);
    for (NumericField field : NumericField.values()) {
      incompleteByField.put(field, incomplete[field.ordinal()]);
    }
    return new BatchCount(
        Collections.unmodifiableMap(evidence),
        input.files().size(),
        records,
        webFlows,
        Collections.unmodifiableMap(byReason),
        Collections.unmodifiableMap(incompleteByField),
        windows.map(WindowedCount::result));
  }
}
