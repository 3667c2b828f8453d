package io.flowrank.verifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Every device's count in the batch against its count in the stream. A device present on one side
 * only is a difference, even if its count there is 0: the stream never stores a device it has not
 * counted, so such an entry is a bug worth showing.
 *
 * @param devices devices on either side
 * @param batchDevices devices in the batch count
 * @param streamDevices devices in the stream's count
 * @param batchTotal web flows in the batch count
 * @param streamTotal web flows in the stream's count
 * @param differences the devices whose counts differ, by dstdevice ascending
 */
public record Comparison(
    int devices,
    int batchDevices,
    int streamDevices,
    long batchTotal,
    long streamTotal,
    List<Difference> differences) {

  /**
   * One device whose counts differ.
   *
   * @param batch its count in the batch; empty when the batch never saw it
   * @param stream its count in the stream; empty when the stream never saw it
   */
  public record Difference(String dstdevice, OptionalLong batch, OptionalLong stream) {

    public Difference {
      Objects.requireNonNull(dstdevice, "dstdevice");
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(stream, "stream");
    }
  }

  public Comparison {
    differences = List.copyOf(differences);
  }

  /** Compares two count tables (dstdevice to web flows); neither holds null keys or values. */
  public static Comparison of(Map<String, Long> batch, Map<String, Long> stream) {
    List<Difference> differences = new ArrayList<>();
    int onlyInStream = 0;
    for (Map.Entry<String, Long> entry : batch.entrySet()) {
      Long other = stream.get(entry.getKey());
      long count = entry.getValue();
      if (other == null) {
        differences.add(
            new Difference(entry.getKey(), OptionalLong.of(count), OptionalLong.empty()));
      } else if (other != count) {
        differences.add(
            new Difference(entry.getKey(), OptionalLong.of(count), OptionalLong.of(other)));
      }
    }
    for (Map.Entry<String, Long> entry : stream.entrySet()) {
      if (!batch.containsKey(entry.getKey())) {
        onlyInStream++;
        differences.add(
            new Difference(
                entry.getKey(), OptionalLong.empty(), OptionalLong.of(entry.getValue())));
      }
    }
    differences.sort(Comparator.comparing(Difference::dstdevice));
    return new Comparison(
        batch.size() + onlyInStream,
        batch.size(),
        stream.size(),
        total(batch),
        total(stream),
        differences);
  }

  private static long total(Map<String, Long> counts) {
    long sum = 0;
    for (long n : counts.values()) {
      sum += n;
    }
    return sum;
  }

  public boolean identical() {
    return differences.isEmpty();
  }

  public Outcome outcome() {
    return identical() ? Outcome.IDENTICAL : Outcome.DIFFERENT;
  }
}
