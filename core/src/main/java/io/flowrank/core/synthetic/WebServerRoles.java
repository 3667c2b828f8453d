package io.flowrank.core.synthetic;

import java.util.SplittableRandom;

/**
 * Who talks to each web device and whether it answers (docs/design.md §8): the evidence a count
 * alone cannot give. Drawn from a random source of its own, so the flows' devices and ports, and so
 * every count, are what they were before the evidence had structure.
 *
 * <ul>
 *   <li>a few <em>scanners</em> sweep ports 80/443 of many devices; nothing answers them;
 *   <li>the busiest servers answer many distinct clients;
 *   <li>one device of the top 20 by count is mostly scanned: most of its flows are unanswered, from
 *       a handful of sources, so the rankings by count and by answered flows differ;
 *   <li>some devices serve a few clients only (a backend behind an application server), so the
 *       ranking by clients differs from the one by count;
 *   <li>a few devices start serving partway through ({@link #LATE_STARTER_RANKS}): before their
 *       start every flow to them is a scan, answered by nothing, so no window can make them a web
 *       server; from their start they serve workstations like the others, and the first window
 *       after it makes them one: known {@code webserver-events} records;
 *   <li>everywhere else a flow is answered most of the time, by one of the device's regular
 *       clients: each device has a pool of workstations, larger the busier it is (a few thousand for
 *       the busiest, a handful in the tail), its clients come back (some far more often than
 *       others), as in real networks where the same machines use the same servers all day.
 * </ul>
 */
final class WebServerRoles {

  /** The sources of scans: they probe web ports and get nothing back. */
  static final int[] SCANNERS = {Devices.comp(31337), Devices.comp(48879), Devices.ip(666)};

  /** The rank of the mostly scanned device: the fourth of the top 20 by count. */
  static final int SCANNED_RANK = 3;

  private static final int SCAN_PERCENT = 6;
  private static final int WORKSTATIONS = 30_000;
  private static final int FIRST_WORKSTATION = 200_000;

  /**
   * The devices that start serving partway through, by popularity: just below the named head, busy
   * enough to qualify within seconds of their start.
   */
  static final int[] LATE_STARTER_RANKS = {21, 34, 47};

  /**
   * When each starts, as a share of the data's span; in the notebook-sized sample (about 167 s of
   * data) well inside minutes 2, 2 and 3, so one-minute windows name them without a doubt.
   */
  private static final double[] LATE_START_SHARES = {0.40, 0.55, 0.75};

  private final SplittableRandom random;
  // The data time each late starter starts serving at, by the index of its rank.
  private final long[] lateStarts;

  /**
   * @param span the data's expected length in seconds, at about 3,000 flows a second
   */
  WebServerRoles(long seed, long span) {
    // A stream of its own: the main one draws the same flows as before.
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.lateStarts = new long[LATE_STARTER_RANKS.length];
    for (int i = 0; i < lateStarts.length; i++) {
      lateStarts[i] = FlowGenerator.FIRST_TIME + (long) (span * LATE_START_SHARES[i]);
    }
  }

  /** The data time the late starter of {@code LATE_STARTER_RANKS[index]} starts serving at. */
  long lateStart(int index) {
    return lateStarts[index];
  }

  /** Sets the client, packets and bytes of a web flow to the device of popularity {@code rank}. */
  void shape(Flow flow, int rank) {
    int late = lateStarterIndex(rank);
    if (late >= 0 && flow.time < lateStarts[late]) {
      flow.srcdevice = SCANNERS[random.nextInt(SCANNERS.length)];
      unanswered(flow);
      return;
    }
    if (random.nextInt(100) < SCAN_PERCENT) {
      flow.srcdevice = SCANNERS[random.nextInt(SCANNERS.length)];
      unanswered(flow);
      return;
    }
    if (rank == SCANNED_RANK) {
      if (random.nextInt(10) < 9) {
        flow.srcdevice = SCANNERS[random.nextInt(SCANNERS.length)];
        unanswered(flow);
      } else {
        flow.srcdevice = fewClients(rank);
        answered(flow);
      }
      return;
    }
    if (servesFewClients(rank)) {
      flow.srcdevice = fewClients(rank);
      answered(flow);
      return;
    }
    flow.srcdevice = regularClient(rank);
    if (random.nextInt(100) < 12) {
      unanswered(flow);
    } else {
      answered(flow);
    }
  }

  private static int lateStarterIndex(int rank) {
    for (int i = 0; i < LATE_STARTER_RANKS.length; i++) {
      if (LATE_STARTER_RANKS[i] == rank) {
        return i;
      }
    }
    return -1;
  }

  /** Two head devices and one in eleven of the tail serve a few clients only. */
  static boolean servesFewClients(int rank) {
    return rank == 5 || rank == 9 || (rank >= WebDevicePopulation.HEAD_SIZE && rank % 11 == 0);
  }

  /** One of four clients of its own. */
  private int fewClients(int rank) {
    return Devices.comp(100_000 + (rank * 4 + random.nextInt(4)) % 100_000);
  }

  /**
   * One of the regular clients of the device of popularity {@code rank}: its pool holds about
   * 3,000 workstations for the busiest device and fewer down the ranking (a few dozen in the tail);
   * the first of the pool come back most often.
   */
  private int regularClient(int rank) {
    int pool = Math.max(4, (int) (3_000 / Math.pow(1 + rank / 20.0, 0.8)));
    double u = random.nextDouble();
    int index = (int) (pool * u * u);
    // The pool's members: workstations spread over all of them, the same for a device every time.
    long mixed = (rank * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL);
    mixed ^= mixed >>> 29;
    return Devices.comp(FIRST_WORKSTATION + (int) Math.floorMod(mixed, (long) WORKSTATIONS));
  }

  private void answered(Flow flow) {
    flow.dstpackets = 1 + (long) (-Math.log(1 - random.nextDouble()) * 8);
    flow.dstbytes = flow.dstpackets * random.nextInt(200, 1500);
  }

  private void unanswered(Flow flow) {
    flow.srcpackets = 1 + random.nextInt(3);
    flow.srcbytes = flow.srcpackets * 60;
    flow.dstpackets = 0;
    flow.dstbytes = 0;
  }
}
