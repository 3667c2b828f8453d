package io.flowrank.core.ranking;

import io.flowrank.core.evidence.Evidence;

/**
 * A device that at least one ranking of a {@link DeviceRankings} keeps: its evidence once, and per
 * ranking (by its slot) its score there, whether that ranking keeps it and whether it leads there.
 * One entry per device for all the measures, so an update finds the device with one look-up.
 * Guarded by the lock of its {@link DeviceRankings}.
 */
final class KeptDevice {

  final String dstdevice;
  Evidence evidence;
  // What the writer keeps with the device (DeviceRankings#put): null when it keeps nothing.
  Object stored;
  // Per slot; meaningful only where the ranking keeps the device.
  private final long[] scores;
  private int keptBy;
  private int leadsIn;

  KeptDevice(String dstdevice, int slots) {
    this.dstdevice = dstdevice;
    this.scores = new long[slots];
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
