package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A device that at least one ranking of a {@link DeviceRankings} keeps: its evidence once, and per
 * ranking (by its slot) its score there, whether that ranking keeps it and whether it leads there.
 * One entry per device for all the measures, so an update finds the device with one look-up.
 * Guarded by the lock of its {@link DeviceRankings}, but its evidence: a reader of a leader's seat
 * reads that without the lock ({@link #evidence()}).
 */
final class KeptDevice {

  private static final VarHandle EVIDENCE;

  static {
    try {
      EVIDENCE =
          MethodHandles.lookup().findVarHandle(KeptDevice.class, "evidence", Evidence.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String dstdevice;
  // Immutable; replaced by the writer with release semantics (free on x86), read under the lock
  // or with acquire semantics.
  Evidence evidence;
  // What the writer keeps with the device (DeviceRankings#put): null when it keeps nothing.
  Object stored;
  // Per slot; meaningful only where the ranking keeps the device.
  private final long[] scores;
  private int keptBy;
  private int leadsIn;

  KeptDevice(String dstdevice, Evidence evidence, int slots) {
    this.dstdevice = dstdevice;
    this.evidence = evidence;
    this.scores = new long[slots];
  }

  /** The device's evidence is now {@code now}; the writer's side, under the lock. */
  void evidence(Evidence now) {
    EVIDENCE.setRelease(this, now);
  }

  /** The evidence as last written, from any thread. */
  Evidence evidence() {
    return (Evidence) EVIDENCE.getAcquire(this);
  }

  long score(int slot) {
    return scores[slot];
  }

  void score(int slot, long score) {
    scores[slot] = score;
  }

  boolean keptBy(int slot) {
    return (keptBy & (1 << slot)) != 0;
  }

  void keep(int slot, long score) {
    keptBy |= 1 << slot;
    scores[slot] = score;
  }

  /** No longer kept by the ranking of {@code slot}; true when no ranking keeps it any more. */
  boolean drop(int slot) {
    keptBy &= ~(1 << slot);
    return keptBy == 0;
  }

  boolean leads(int slot) {
    return (leadsIn & (1 << slot)) != 0;
  }

  void leads(int slot, boolean leads) {
    leadsIn = leads ? leadsIn | 1 << slot : leadsIn & ~(1 << slot);
  }
}
