package io.flowrank.streams.peers;

import io.flowrank.streams.http.Routes;
import io.flowrank.streams.peers.InternalApi.Above;
import io.flowrank.streams.peers.InternalApi.Device;
import io.flowrank.streams.peers.InternalApi.Partitions;
import io.flowrank.streams.peers.InternalApi.Top;
import io.flowrank.streams.query.PartitionQueries;
import java.util.List;
import java.util.function.Supplier;

/**
 * The serving side of the internal API: this instance's own partitions, for the other instances'
 * {@link RemoteInstances}. Each route reads its {@link InternalApi} request and answers what {@link
 * PartitionQueries} answers here.
 */
public final class InternalRoutes implements Routes.Group {

  private final int partitionCount;
  private final List<Integer> webPorts;
  private final Supplier<? extends PartitionQueries> local;

  /**
   * @param partitionCount the partitions of {@code flows}: a request naming another is a 400
   * @param webPorts the ports every device answer shows, as the public API does
   * @param local this instance's answers; a {@code NotReadyException} until it can give them
   */
  public InternalRoutes(
      int partitionCount, List<Integer> webPorts, Supplier<? extends PartitionQueries> local) {
    this.partitionCount = partitionCount;
    this.webPorts = List.copyOf(webPorts);
    this.local = local;
  }

  @Override
  public void addTo(Routes routes) {
    routes.get(
        Top.PATH,
        ctx -> {
          Top top = Top.read(ctx, partitionCount);
          ctx.json(
              top.window().isPresent()
                  ? local
                      .get()
                      .windowTop(
                          top.n(),
                          top.by(),
                          top.window().getAsLong(),
                          top.partitions(),
                          top.stale())
                  : local.get().top(top.n(), top.by(), top.partitions(), top.stale()));
        });
    routes.get(
        Above.PATH,
        ctx -> {
          Above above = Above.read(ctx, partitionCount);
          ctx.json(
              local
                  .get()
                  .above(
                      above.dstdevice(),
                      above.by(),
                      above.score(),
                      above.partitions(),
                      above.stale()));
        });
    routes.get(
        Device.PATH,
        ctx -> {
          Device device = Device.read(ctx, partitionCount);
          Routes.device(
              ctx,
              device.dstdevice(),
              local.get().evidence(device.dstdevice(), device.partition(), device.stale()),
              webPorts);
        });
    routes.get(
        InternalApi.WindowCounts.PATH,
        ctx -> {
          InternalApi.WindowCounts asked = InternalApi.WindowCounts.read(ctx, partitionCount);
          try (PartitionQueries.Counts counts =
              local.get().windowCounts(asked.window(), asked.partitions(), asked.stale())) {
            Routes.ndjson(ctx, webPorts, counts::writeTo);
          }
        });
    routes.get(
        InternalApi.WINDOWS,
        ctx -> {
          Partitions asked = Partitions.read(ctx, partitionCount);
          ctx.json(local.get().windows(asked.partitions(), asked.stale()));
        });
    routes.get(
        InternalApi.Timeline.PATH,
        ctx -> {
          InternalApi.Timeline asked = InternalApi.Timeline.read(ctx, partitionCount);
          ctx.json(local.get().timeline(asked.dstdevice(), asked.partition(), asked.stale()));
        });
    routes.get(
        InternalApi.Events.PATH,
        ctx -> {
          InternalApi.Events asked = InternalApi.Events.read(ctx, partitionCount);
          ctx.json(local.get().events(asked.limit(), asked.partitions(), asked.stale()));
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
            Routes.ndjson(ctx, webPorts, counts::writeTo);
          }
        });
  }
}
