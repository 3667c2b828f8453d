package io.flowrank.streams.topology;

import io.flowrank.core.evidence.Tally;

/**
 * Reads an {@link EvidenceBatch} whole for the tests: each device with its clients in its tally.
 */
final class BatchContents {

  private BatchContents() {}

  /** Receives each device of a batch: its sums and clients, and the same per window. */
  interface Device {
    void device(String dstdevice, Tally tally, WindowTallies windows);
  }

  /** Hands each device of {@code batch} to {@code visitor}, in order. */
  static void forEach(byte[] batch, Device visitor) {
    EvidenceBatch.forEach(
        batch,
        new NameTable(Integer.MAX_VALUE),
        (dstdevice, number, tally, clients, windows) -> {
          for (int i = 0; i < clients.size(); i++) {
            tally.addClient(clients.name(i));
          }
          visitor.device(dstdevice, tally, windows);
        });
  }
}
