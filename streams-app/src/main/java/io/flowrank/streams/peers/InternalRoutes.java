package io.flowrank.streams.peers;

import io.flowrank.streams.http.Routes;
import io.flowrank.streams.peers.InternalApi.Above;
import io.flowrank.streams.peers.InternalApi.Device;
import io.flowrank.streams.peers.InternalApi.Partitions;
import io.flowrank.streams.peers.InternalApi.Top;
import io.flowrank.streams.query.PartitionQueries;
import java.util.function.Supplier;

/**
 * The serving side of the internal API: this instance's own partitions, for the other instances'
 * {@link RemoteInstances}. Each route reads its {@link InternalApi} request and answers what {@link
 * PartitionQueries} answers here.
 */
public final class InternalRoutes implements Routes.Group {

  private final int partitionCount;
  private final Supplier<? extends PartitionQueries> local;

  /**
   * @param partitionCount the partitions of {@code flows}: a request naming another is a 400
   * @param local this instance's answers; a {@code NotReadyException} until it can give them
   */
  public InternalRoutes(int partitionCount, Supplier<? extends PartitionQueries> local) {
    this.partitionCount = partitionCount;
    this.local = local;
  }

  @Override
  public void addTo(Routes routes) {
    routes.get(
        Top.PATH,
        ctx -> {
          Top top = Top.read(ctx, partitionCount);
          ctx.json(local.get().top(top.n(), top.partitions(), top.stale()));
        });
    routes.get(
        Above.PATH,
        ctx -> {
          Above above = Above.read(ctx, partitionCount);
          ctx.json(
              local
                  .get()
                  .above(above.dstdevice(), above.count(), above.partitions(), above.stale()));
        });
    routes.get(
        Device.PATH,
        ctx -> {
          Device device = Device.read(ctx, partitionCount);
          Routes.count(
              ctx,
              device.dstdevice(),
              local.get().count(device.dstdevice(), device.partition(), device.stale()));
        });
    routes.get(
        InternalApi.STATS,
        ctx -> {
          Partitions asked = Partitions.read(ctx, partitionCount);
          ctx.json(local.get().stats(asked.partitions(), asked.stale()));
        });
    routes.get(
        InternalApi.COUNTS,
        ctx -> {
          Partitions asked = Partitions.read(ctx, partitionCount);
          try (PartitionQueries.Counts counts =
              local.get().counts(asked.partitions(), asked.stale())) {
            Routes.ndjson(ctx, counts::writeTo);
          }
        });
  }
}
