package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live rankings of one partition, one per {@link Measure}, kept together: each update of a
 * device's evidence goes to every one of them. The devices any of them keeps are in one map, one
 * entry each ({@link KeptDevice}), so an update costs one look-up and one lock whatever the number
 * of measures. Written by the partition's stream thread, read by HTTP threads (see {@link
 * MeasureRanking}); every method but {@link #webFlows()} holds this instance's lock, and so do
 * the readers of a ranking but its leaders' top-N and its total.
 */
public final class DeviceRankings {

  private final MeasureRanking[] rankings;
  private final Map<String, KeptDevice> kept = new HashMap<>();

  /** Rankings that answer a top-N exactly up to {@code capacity}. */
  public DeviceRankings(int capacity) {
    this(capacity, Math.min(capacity, MeasureRanking.DEFAULT_LEADERS));
  }

  /** The same, each ranking keeping {@code leaders} sorted ({@link MeasureRanking}). */
  DeviceRankings(int capacity, int leaders) {
    Measure[] measures = Measure.values();
    rankings = new MeasureRanking[measures.length];
    for (Measure measure : measures) {
      rankings[measure.ordinal()] =
          new MeasureRanking(this, measure.ordinal(), measure, capacity, leaders);
    }
  }

  /** The set of a ranking built on its own. */
  DeviceRankings(MeasureRanking alone) {
    rankings = new MeasureRanking[] {alone};
  }

  /**
   * The device's evidence is now {@code now}; it was {@code before} ({@link Evidence#NONE}: new).
   */
  public void put(String dstdevice, Evidence now, Evidence before) {
    put(dstdevice, now, before, null);
  }

  /**
   * The same, and {@code stored} is what the writer keeps with the device while a ranking keeps it
   * ({@link #storedOf}): the counter's store value, so it need not read its store for a device kept
   * here.
   */
  public synchronized void put(String dstdevice, Evidence now, Evidence before, Object stored) {
    KeptDevice device = kept.get(dstdevice);
    if (device != null) {
      // Before its scores move: a reader of a seat sorts by the evidence it reads.
      device.evidence(now);
    }
    for (MeasureRanking ranking : rankings) {
      ranking.addToTotal(now, before);
      device = ranking.update(device, dstdevice, now, ranking.measure().score(now));
    }
    if (device == null) {
      return;
    }
    device.stored = stored;
    for (MeasureRanking ranking : rankings) {
      ranking.pruneWhenFull();
    }
  }

  public MeasureRanking by(Measure measure) {
    return rankings[measure.ordinal()];
  }

  /** The device's evidence when a ranking keeps it. */
  public synchronized Optional<Evidence> evidenceOf(String dstdevice) {
    KeptDevice device = kept.get(dstdevice);
    return device == null ? Optional.empty() : Optional.of(device.evidence);
  }

  /**
   * What the last {@link #put(String, Evidence, Evidence, Object)} of the device kept with it, when
   * a ranking keeps it; null when none does (or nothing was kept).
   */
  public synchronized Object storedOf(String dstdevice) {
    KeptDevice device = kept.get(dstdevice);
    return device == null ? null : device.stored;
  }

  /** The web flows of the partition: every device's count, summed. */
  public long webFlows() {
    return by(Measure.COUNT).total().low();
  }

  /** The entry of a device some ranking keeps, or null; under the lock. */
  KeptDevice find(String dstdevice) {
    return kept.get(dstdevice);
  }

  /** A new entry for a device a ranking admits, with its evidence; under the lock. */
  KeptDevice keep(String dstdevice, Evidence evidence) {
    KeptDevice device = new KeptDevice(dstdevice, evidence, rankings.length);
    kept.put(dstdevice, device);
    return device;
  }

  /** A device no ranking keeps any more; under the lock. */
  void forget(KeptDevice device) {
    kept.remove(device.dstdevice);
  }
}
