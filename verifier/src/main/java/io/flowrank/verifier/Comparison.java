package io.flowrank.verifier;

import io.flowrank.core.evidence.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every device of the batch against the same device in the stream: its count, or (from {@link
 * #ofEvidence}) every measure of its evidence (docs/design.md §1.5). A device present on one side
 * only is a difference, even if its count there is 0: the stream never stores a device it has not
 * counted, so such an entry is a bug worth showing.
 *
 * @param devices devices on either side
 * @param batchDevices devices in the batch count
 * @param streamDevices devices in the stream's count
 * @param batchTotal web flows in the batch count
 * @param streamTotal web flows in the stream's count
 * @param differences the devices that differ, by dstdevice ascending
 * @param measures what was compared for each device ({@code count} alone, or every measure)
 */
public record Comparison(
    int devices,
    int batchDevices,
    int streamDevices,
    long batchTotal,
    long streamTotal,
    List<Difference> differences,
    List<String> measures) {

  /** Every measure of the evidence, in the API's order. */
  public static final List<String> EVERY_MEASURE =
      List.of(
          "count", "answered", "clients", "bytesOut", "bytesIn", "ports", "firstSeen", "lastSeen");

  /**
   * One device that differs.
   *
   * @param batch its count in the batch; empty when the batch never saw it
   * @param stream its count in the stream; empty when the stream never saw it
   * @param mismatches when both sides have it, each measure that differs
   */
  public record Difference(
      String dstdevice, OptionalLong batch, OptionalLong stream, List<Mismatch> mismatches) {

    public Difference {
      Objects.requireNonNull(dstdevice, "dstdevice");
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(stream, "stream");
      mismatches = List.copyOf(mismatches);
    }

    /** A device whose count differs, or that one side lacks. */
    public Difference(String dstdevice, OptionalLong batch, OptionalLong stream) {
      this(dstdevice, batch, stream, List.of());
    }
  }

  /** A measure of a device that differs: its value on each side, as the API writes it. */
  public record Mismatch(String measure, String batch, String stream) {}

  public Comparison {
    differences = List.copyOf(differences);
    measures = List.copyOf(measures);
  }

  /** Compares two count tables (dstdevice to web flows); neither holds null keys or values. */
  public static Comparison of(Map<String, Long> batch, Map<String, Long> stream) {
    return compare(batch, stream, Function.identity(), (a, b) -> List.of(), List.of("count"));
  }

  /** Compares every measure of every device's evidence. */
  public static Comparison ofEvidence(Map<String, Evidence> batch, Map<String, Evidence> stream) {
    return compare(
        batch, stream, Evidence::count, Comparison::mismatches, EVERY_MEASURE);
  }

  private static <V> Comparison compare(
      Map<String, V> batch,
      Map<String, V> stream,
      Function<V, Long> count,
      BiFunction<V, V, List<Mismatch>> measuresOf,
      List<String> measures) {
    List<Difference> differences = new ArrayList<>();
    int onlyInStream = 0;
    for (Map.Entry<String, V> entry : batch.entrySet()) {
      V other = stream.get(entry.getKey());
      long batchCount = count.apply(entry.getValue());
      if (other == null) {
        differences.add(
            new Difference(entry.getKey(), OptionalLong.of(batchCount), OptionalLong.empty()));
        continue;
      }
      long streamCount = count.apply(other);
      List<Mismatch> mismatches = measuresOf.apply(entry.getValue(), other);
      if (streamCount != batchCount || !mismatches.isEmpty()) {
        differences.add(
            new Difference(
                entry.getKey(),
                OptionalLong.of(batchCount),
                OptionalLong.of(streamCount),
                mismatches));
      }
    }
    for (Map.Entry<String, V> entry : stream.entrySet()) {
      if (!batch.containsKey(entry.getKey())) {
        onlyInStream++;
        differences.add(
            new Difference(
                entry.getKey(), OptionalLong.empty(), OptionalLong.of(count.apply(entry.getValue()))));
      }
    }
    differences.sort(Comparator.comparing(Difference::dstdevice));
    return new Comparison(
        batch.size() + onlyInStream,
        batch.size(),
        stream.size(),
        total(batch.values(), count),
        total(stream.values(), count),
        differences,
        measures);
  }

  /** Each measure of two devices' evidence that differs, count included. */
  static List<Mismatch> mismatches(Evidence batch, Evidence stream) {
    List<Mismatch> found = new ArrayList<>();
    check(found, "count", batch.count(), stream.count());
    check(found, "answered", batch.answered(), stream.answered());
    check(found, "clients", batch.clients(), stream.clients());
    check(found, "bytesOut", batch.bytesOut(), stream.bytesOut());
    check(found, "bytesIn", batch.bytesIn(), stream.bytesIn());
    check(found, "ports", batch.ports(), stream.ports());
    check(found, "firstSeen", time(batch.firstSeen()), time(stream.firstSeen()));
    check(found, "lastSeen", time(batch.lastSeen()), time(stream.lastSeen()));
    return found;
  }

  private static void check(List<Mismatch> found, String measure, Object batch, Object stream) {
    if (!batch.equals(stream)) {
      found.add(new Mismatch(measure, String.valueOf(batch), String.valueOf(stream)));
    }
  }

  private static String time(long time) {
    return time == Evidence.NO_TIME ? "none" : Long.toString(time);
  }

  private static <V> long total(Iterable<V> values, Function<V, Long> count) {
    long sum = 0;
    for (V value : values) {
      sum += count.apply(value);
    }
    return sum;
  }

  /** True when every measure compared was equal, for every device. */
  public boolean identical() {
    return differences.isEmpty();
  }

  public Outcome outcome() {
    return identical() ? Outcome.IDENTICAL : Outcome.DIFFERENT;
  }

  /** How many devices differ in each measure (count included), for the verdict. */
  public Map<String, Integer> differingByMeasure() {
    Map<String, Integer> byMeasure = new LinkedHashMap<>();
    for (String measure : measures) {
      byMeasure.put(measure, 0);
    }
    for (Difference d : differences) {
      if (d.batch().isEmpty() || d.stream().isEmpty()) {
        continue;
      }
      if (d.mismatches().isEmpty()) {
        byMeasure.merge("count", 1, Integer::sum);
      }
      d.mismatches().forEach(m -> byMeasure.merge(m.measure(), 1, Integer::sum));
    }
    byMeasure.values().removeIf(n -> n == 0);
    return byMeasure;
  }
}
