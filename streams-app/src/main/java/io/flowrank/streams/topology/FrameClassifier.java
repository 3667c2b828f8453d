package io.flowrank.streams.topology;

import io.flowrank.core.kafka.DevicePartitioner;
import io.flowrank.core.evidence.NumericField;
import io.flowrank.core.evidence.Tally;
import io.flowrank.core.input.InputFormat;
import io.flowrank.core.input.Newlines;
import io.flowrank.core.kafka.FlowHeaders;
import io.flowrank.core.kafka.FlowKey;
import io.flowrank.core.kafka.JudgedFrame;
import io.flowrank.core.rules.FlowFields;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.RejectReason;
import io.flowrank.core.rules.Verdict;
import io.flowrank.core.time.WindowClock;
import io.flowrank.core.time.Windowing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every line of each {@code flows} record (a {@code FlowFrame}: one or more lines) with the
 * core rules, or takes a {@link JudgedFrame}'s entries as the producer judged them (its lines sent
 * as they came judged here like any), keeps the task's {@link FlowStats}, and forwards:
 *
 * <ul>
 *   <li>the frame's web flows summed per dstdevice, the sums of the devices of each partition of
 *       {@code webserver-counts} in one {@link LineOutcome.WebFlows} ({@link EvidenceBatch}), keyed
 *       by one of those devices: the repartition carries at most one record per partition and frame
 *       rather than one per flow;
 *   <li>each rejected line on its own ({@link LineOutcome.Rejected}) with a {@link
 *       FlowHeaders#REASON} header and the line's file and number, from the frame's {@link FlowKey}
 *       (or its {@link FlowHeaders#FILE}/{@link FlowHeaders#LINE} headers) plus the line's place in
 *       the frame.
 * </ul>
 *
 * Blank lines are skipped, other well-formed flows counted and dropped. Never throws on bad data.
 *
 * <p>With windows, each web flow is placed in time by a {@link WindowClock} started from the
 * frame's {@link FlowHeaders#WATERMARK} (docs/design.md, "Time"): summed in its window too, or
 * counted as {@code late} (all time only), or untimed (all time only; the {@code incomplete.time}
 * figure). A frame without that header is judged without lateness. Every partition of {@code
 * webserver-counts} learns how far each partition of {@code flows} has come ({@link
 * EvidenceBatch.Progress}): in the header of each batch, and in a record of its own when a frame
 * had no web flow for it and the watermark closed a window since it was last told, so a partition's
 * counter knows which windows can no longer gain a flow (the events wait for that).
 *
 * <p>Every line passes through here, so it does the least it can: one scan for the line feeds, one
 * parse per line, the window of a web flow by arithmetic, one put per changed statistic per frame
 * into the (cached) store.
 */
final class FrameClassifier
    implements Processor<byte[], byte[], String, LineOutcome>, JudgedFrame.Visitor {

  private static final Logger LOG = LoggerFactory.getLogger(FrameClassifier.class);

  private static final RejectReason[] REASONS = RejectReason.values();
  private static final NumericField[] NUMERIC = NumericField.values();
  private static final int WEB = REASONS.length;
  private static final int OTHER = REASONS.length + 1;
  // Then one figure per numeric field: the web flows that lack it.
  private static final int INCOMPLETE = REASONS.length + 2;
  private static final int LATE = INCOMPLETE + NUMERIC.length;
  private static final String[] KEYS = new String[LATE + 1];

  static {
    for (RejectReason reason : REASONS) {
      KEYS[reason.ordinal()] = FlowStats.rejectedKey(reason);
    }
    KEYS[WEB] = FlowStats.WEB_FLOWS;
    KEYS[OTHER] = FlowStats.OTHER_FLOWS;
    for (NumericField field : NUMERIC) {
      KEYS[INCOMPLETE + field.ordinal()] = FlowStats.incompleteKey(field);
    }
    KEYS[LATE] = FlowStats.LATE;
  }

  private final FlowRules rules;
  private final EvidenceBatch.Builder[] batches;
  private ProcessorContext<String, LineOutcome> context;
  private KeyValueStore<String, Long> stats;
  // The store's figures, mirrored so each frame costs puts and no gets.
  private final long[] totals = new long[KEYS.length];
  // Per frame, reused: the lines of each kind, and the web flows summed per dstdevice.
  private final long[] inFrame = new long[KEYS.length];
  private final Map<String, FrameDevice> webFlows = new HashMap<>();
  private final ArrayDeque<FrameDevice> spareDevices = new ArrayDeque<>();
  private final ArrayDeque<Tally> spareTallies = new ArrayDeque<>();
  private final FlowFields fields = new FlowFields();
  // The frame at hand, and where its first line came from (looked up at its first rejected line).
  private Record<byte[], byte[]> record;
  private Source source;
  // A judged frame's input format (null for a frame of text), its names, and the sums of each of
  // its devices by number.
  private InputFormat judgedFormat;
  private final List<String> names = new ArrayList<>();
  private FrameDevice[] byName = new FrameDevice[64];
  private boolean warnedBrokenFrame;
  // Null with windows off.
  private final WindowClock clock;
  // Per partition of webserver-counts: whether the frame sent it a batch, and the progress last
  // sent to it by this task since it started.
  private final boolean[] sentBatch;
  private final long[] progressSent;

  /**
   * A device's web flows in the frame: all of them, and per window. While every one of them lies in
   * one window (nearly always: a frame spans a third of a second of LANL data) that window shares
   * the device's sums, so a flow is summed once; the first flow elsewhere (another window, late,
   * untimed) splits them, the shared window taking the sums so far.
   */
  private final class FrameDevice {
    final Tally all = new Tally();
    private final WindowTallies windows = new WindowTallies(spareTallies);
    // The one window of every flow so far, while not split.
    private long sole;
    private boolean split;

    /**
     * Adds a web flow placed at {@code window}: a start, or {@link WindowClock}'s UNTIMED or LATE.
     */
    void add(FlowFields flow, long window) {
      if (!split) {
        if (all.count() == 0) {
          sole = window;
          split = window < 0;
        } else if (window != sole) {
          split = true;
          if (sole >= 0) {
            windows.at(sole).addAll(all);
          }
        }
      }
      all.add(flow);
      if (split && window >= 0) {
        windows.at(window).add(flow);
      }
    }

    /** The sums per window: the device's own in its one window, unless split. */
    WindowTallies windows() {
      if (!split && all.count() > 0) {
        windows.share(sole, all);
      }
      return windows;
    }

    void clear() {
      all.clear();
      windows.clear();
      split = false;
    }
  }

  /**
   * @param partitions the partitions of {@code webserver-counts} (and of the repartition topic)
   * @param windows the windows of data time, if any
   */
  FrameClassifier(FlowRules rules, int partitions, Optional<Windowing> windows) {
    this.rules = rules;
    this.clock = windows.map(WindowClock::new).orElse(null);
    this.batches = new EvidenceBatch.Builder[partitions];
    for (int i = 0; i < partitions; i++) {
      batches[i] = new EvidenceBatch.Builder(i);
    }
    this.sentBatch = new boolean[partitions];
    this.progressSent = new long[partitions];
  }

  @Override
  public void init(ProcessorContext<String, LineOutcome> context) {
    this.context = context;
    this.stats = context.getStateStore(Names.STATS_STORE);
    Arrays.fill(totals, 0);
    try (KeyValueIterator<String, Long> all = stats.all()) {
      all.forEachRemaining(
          entry -> {
            for (int i = 0; i < KEYS.length; i++) {
              if (KEYS[i].equals(entry.key)) {
                totals[i] = entry.value;
              }
            }
          });
    }
    Arrays.fill(progressSent, Long.MIN_VALUE);
    new ChangelogMarks().keyValue(stats, ChangelogMarks.NO_NAME).schedule(context);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    byte[] frame = record.value();
    if (frame == null) {
      return; // a tombstone holds no line
    }
    this.record = record;
    this.source = null;
    long stamp = -1;
    if (clock != null) {
      stamp = FlowHeaders.watermark(record.headers());
      clock.reset(Math.max(0, stamp), stamp >= 0);
    }
    JudgedFrame.Header judged = JudgedFrame.isJudged(record.headers()) ? judgedHeader(frame) : null;
    if (judged != null) {
      judgedFormat = judged.format();
      JudgedFrame.read(frame, fields, names, this);
      Arrays.fill(byName, 0, Math.min(byName.length, names.size()), null);
    } else {
      judgedFormat = null;
      // A frame of CSV rows says so in a header; any other frame holds JSON lines (or JSON array
      // elements, which travel as lines): each line is judged by its batch's format.
      readLines(frame, isCsv(record.headers()) ? InputFormat.CSV : InputFormat.JSON_LINES);
    }
    for (int i = 0; i < KEYS.length; i++) {
      if (inFrame[i] != 0) {
        totals[i] += inFrame[i];
        inFrame[i] = 0;
        stats.put(KEYS[i], totals[i]);
      }
    }
    long progress = EvidenceBatch.Progress.UNBOUNDED;
    boolean replayEnd = FlowHeaders.isEnd(record.headers());
    int from = context.recordMetadata().map(m -> m.partition()).orElse(-1);
    if (clock != null) {
      // A frame without a watermark has lines that are never late, and the end of a replay has
      // no line to come: nothing bounds what follows them.
      if (stamp >= 0 && !replayEnd) {
        progress = clock.windowing().firstOpen(clock.watermark());
      }
      for (EvidenceBatch.Builder batch : batches) {
        batch.progress(from, progress);
      }
    }
    if (!webFlows.isEmpty()) {
      forwardWebFlows(from, record.timestamp());
    }
    // Another writer's frames (no watermark) tell no progress of their own: their batches say
    // unbounded, and no record goes out for them alone.
    if (clock != null && (stamp >= 0 || replayEnd)) {
      forwardProgress(from, progress, record.timestamp());
    } else {
      Arrays.fill(sentBatch, false);
    }
  }

  /** Judges each line of a frame of text, {@code '\n'} between them. */
  private void readLines(byte[] frame, InputFormat format) {
    int end = frame.length;
    int start = 0;
    for (int index = 0; ; index++) {
      int stop = Newlines.indexOf(frame, start, end);
      int lineEnd = stop < 0 ? end : stop;
      count(rules.judge(format, frame, start, lineEnd - start, fields), index, frame, start, lineEnd);
      if (stop < 0) {
        return;
      }
      start = stop + 1;
    }
  }

  /**
   * The header of a judged frame, checked whole; null for one that breaks the form (another
   * writer's): its bytes are then judged as lines, so whatever they hold is counted and nothing
   * lost. A frame judged by other web ports than this app's cannot be counted by its ports: the
   * app stops and says so.
   */
  private JudgedFrame.Header judgedHeader(byte[] frame) {
    JudgedFrame.Header header;
    try {
      header = JudgedFrame.check(frame);
    } catch (IllegalArgumentException broken) {
      if (!warnedBrokenFrame) {
        warnedBrokenFrame = true;
        LOG.warn("a frame marked judged breaks the form ({}); its bytes are judged as lines",
            broken.getMessage());
      }
      return null;
    }
    if (!header.ports().equals(rules.webPorts())) {
      throw IncompatibleStateException.judgedForOtherPorts(header.ports(), rules.webPorts());
    }
    return header;
  }

  @Override
  public void webFlow(int device, String dstdevice, FlowFields flow) {
    if (device >= byName.length) {
      byName = Arrays.copyOf(byName, Math.max(device + 1, byName.length * 2));
    }
    FrameDevice sums = byName[device];
    if (sums == null) {
      sums = device(dstdevice);
      byName[device] = sums;
    }
    webFlow(sums);
  }

  @Override
  public void otherFlows(long count) {
    inFrame[OTHER] += count;
  }

  @Override
  public void line(long place, byte[] frame, int offset, int length) {
    count(rules.judge(judgedFormat, frame, offset, length, fields), place, frame, offset,
        offset + length);
  }

  @Override
  public void watermark(long watermark) {
    if (clock != null) {
      clock.raise(watermark);
    }
  }

  /** Counts a line by its verdict; {@code frame[start, end)} is the line, {@code index} its place. */
  private void count(Verdict verdict, long index, byte[] frame, int start, int end) {
    switch (verdict.kind()) {
      case BLANK -> {}
      case OTHER_FLOW -> inFrame[OTHER]++;
      case WEB_FLOW -> webFlow(device(verdict.dstdevice()));
      case REJECTED -> {
        inFrame[verdict.reason().ordinal()]++;
        if (source == null) {
          source = Source.of(record);
        }
        forwardRejected(
            record, source, index, Arrays.copyOfRange(frame, start, end), verdict.reason());
      }
      default -> throw new IllegalStateException("unknown line kind " + verdict.kind());
    }
  }

  /** Counts the web flow in {@link #fields} to the device summed in {@code device}. */
  private void webFlow(FrameDevice device) {
    inFrame[WEB]++;
    // Without windows a flow is in none: as if untimed.
    long window = clock == null ? WindowClock.UNTIMED : clock.place(fields);
    device.add(fields, window);
    if (window == WindowClock.LATE) {
      inFrame[LATE]++;
    }
    for (NumericField field : NUMERIC) {
      if (field.value(fields) == FlowFields.ABSENT) {
        inFrame[INCOMPLETE + field.ordinal()]++;
      }
    }
  }

  /**
   * Tells each partition of {@code webserver-counts} that got no batch of this frame how far its
   * partition of {@code flows} ({@code from}) has come, when that differs from what it was last
   * told (with one producer it only grows, once per window; several at once interleave theirs); a
   * partition that got a batch knows it from the batch. Its own partition it tells straight, as it
   * sends it its batches: what one partition of {@code flows} tells one of the counts always takes
   * one way, in order, so a progress never overtakes a web flow it bounds.
   */
  private void forwardProgress(int from, long progress, long timestamp) {
    for (int partition = 0; partition < batches.length; partition++) {
      if (!sentBatch[partition] && progress != progressSent[partition]) {
        byte[] alone = batches[partition].progressOnly();
        context.forward(
            new Record<>(
                EvidenceBatch.PROGRESS_KEY,
                new LineOutcome.WebFlows(alone, partition == from),
                timestamp));
      }
      progressSent[partition] = progress;
      sentBatch[partition] = false;
    }
  }

  /** The frame's sums for a device, from the spare ones when it is new to the frame. */
  private FrameDevice device(String dstdevice) {
    FrameDevice device = webFlows.get(dstdevice);
    if (device == null) {
      device = spareDevices.isEmpty() ? new FrameDevice() : spareDevices.pop();
      webFlows.put(dstdevice, device);
    }
    return device;
  }

  /**
   * The frame's web flows, one batch per partition that holds some of its devices: straight to
   * this task's counter for the partition {@code from} (the frame's partition of {@code flows}, the
   * same number), through the repartition for the others.
   */
  private void forwardWebFlows(int from, long timestamp) {
    webFlows.forEach(
        (dstdevice, device) -> {
          byte[] name = dstdevice.getBytes(StandardCharsets.UTF_8);
          batches[DevicePartitioner.partitionOf(name, batches.length)].add(
              dstdevice, name, device.all, device.windows());
          device.clear();
          spareDevices.push(device);
        });
    webFlows.clear();
    for (int partition = 0; partition < batches.length; partition++) {
      EvidenceBatch.Builder batch = batches[partition];
      if (!batch.isEmpty()) {
        String key = batch.first();
        // Nothing of the frame's headers travels on: the sums are the frame's, not a line's.
        context.forward(
            new Record<>(
                key, new LineOutcome.WebFlows(batch.take(), partition == from), timestamp));
        sentBatch[partition] = true;
      }
    }
  }

  private void forwardRejected(
      Record<byte[], byte[]> record, Source source, long index, byte[] line, RejectReason reason) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    if (judgedFormat != null) {
      // The line travels as it came: its headers say its own format, not its frame's.
      headers.remove(FlowHeaders.FORMAT);
      if (judgedFormat == InputFormat.CSV) {
        headers.add(FlowHeaders.FORMAT, CSV);
      }
    }
    FlowHeaders.put(headers, FlowHeaders.REASON, reason.name());
    byte[] key = record.key();
    if (source.known()) {
      long lineNumber = source.firstLine() + index;
      FlowHeaders.put(headers, FlowHeaders.FILE, source.file());
      FlowHeaders.put(headers, FlowHeaders.LINE, Long.toString(lineNumber));
      key = FlowKey.encode(FlowKey.prefix(source.file()), lineNumber);
    }
    context.forward(
        new Record<String, LineOutcome>(
            null, new LineOutcome.Rejected(key, line), record.timestamp(), headers));
  }

  private static boolean isCsv(Headers headers) {
    Header header = headers.lastHeader(FlowHeaders.FORMAT);
    return header != null && Arrays.equals(header.value(), CSV);
  }

  private static final byte[] CSV = FlowHeaders.FORMAT_CSV.getBytes(StandardCharsets.US_ASCII);

  /**
   * Where a frame's first line came from: the {@link FlowHeaders#FILE}/{@link FlowHeaders#LINE}
   * headers when a writer set them, else the frame's {@link FlowKey}; unknown for foreign keys.
   */
  private record Source(String file, long firstLine) {

    static final Source UNKNOWN = new Source(null, 0);

    boolean known() {
      return file != null;
    }

    static Source of(Record<byte[], byte[]> record) {
      String file = FlowHeaders.get(record.headers(), FlowHeaders.FILE);
      String line = FlowHeaders.get(record.headers(), FlowHeaders.LINE);
      if (file != null && line != null) {
        try {
          long first = Long.parseLong(line);
          if (first >= 1) {
            return new Source(file, first);
          }
        } catch (NumberFormatException notANumber) {
          // fall back to the key
        }
      }
      Optional<FlowKey.Source> fromKey = FlowKey.decode(record.key());
      return fromKey.map(s -> new Source(s.file(), s.line())).orElse(UNKNOWN);
    }
  }
}
