package io.flowrank.streams.topology;

/**
 * What the classifier forwards for a frame of {@code flows}. Lives only inside the task (it is never
 * serialized): web flows go on to the counter, straight when their partition of {@code
 * webserver-counts} is the frame's own partition of {@code flows}, else through the repartition
 * keyed by dstdevice; rejected lines go out to {@code flows-rejected} one by one.
 */
sealed interface LineOutcome {

  /**
   * The web flows of one frame to the devices of one partition ({@link EvidenceBatch}); the record is
   * keyed by the first of them. {@code here}: that partition is the frame's own, so this task counts
   * them without the repartition.
   */
  record WebFlows(byte[] batch, boolean here) implements LineOutcome {}

  /**
   * One rejected line: its raw bytes and the key it goes out with ({@code <file>:<line>} when the
   * frame's source is known, else the frame's key); its reason and source ride in the record's
   * headers.
   */
  record Rejected(byte[] key, byte[] line) implements LineOutcome {}
}
