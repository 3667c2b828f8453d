package io.flowrank.core.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code webserver-counts} (and of the repartition topic that feeds it) a
 * dstdevice lives in: murmur2 of its UTF-8 bytes, as Kafka's default partitioner computes it. One
 * function for the places that must agree: the producer sending each web flow of a judged frame to
 * its device's partition of {@code flows}, the streams app's classifier grouping a frame's web
 * flows by partition, the repartition routing them, and interactive queries looking a device up.
 */
public final class DevicePartitioner {

  private DevicePartitioner() {}

  /** The partition, of {@code partitions}, that holds {@code dstdevice}. */
  public static int partitionOf(String dstdevice, int partitions) {
    return partitionOf(dstdevice.getBytes(StandardCharsets.UTF_8), partitions);
  }

  /** The same, for a device already encoded as UTF-8. */
  public static int partitionOf(byte[] dstdeviceUtf8, int partitions) {
    return Utils.toPositive(Utils.murmur2(dstdeviceUtf8)) % partitions;
  }
}
