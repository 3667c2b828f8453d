package io.flowrank.core.evidence;

import io.flowrank.core.rules.FlowFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sums the web flows of one device as they are judged: in the streams app, a frame's flows before
 * they cross the repartition; in the verifier, every flow of the input. Mutable, one thread; {@link
 * #clear()} readies it for reuse.
 *
 * <p>Clients are kept as a set of names (distinct within this tally): a few names in a list (most
 * devices of a frame have one or two), a hash set past that.
 */
public final class Tally {

  private static final int LIST_CLIENTS = 8;

  private long count;
  private long answered;
  // Byte sums as unsigned 128-bit halves: added to on every flow, so no Total is made per flow.
  private long bytesOutHigh;
  private long bytesOutLow;
  private long bytesInHigh;
  private long bytesInLow;
  private int[] ports = new int[2];
  private long[] portCounts = new long[2];
  private int portsSize;
  private long firstSeen = Evidence.NO_TIME;
  private long lastSeen = Evidence.NO_TIME;
  private final List<String> fewClients = new ArrayList<>(2);
  private Set<String> manyClients;

  /** Adds one web flow. */
  public void add(FlowFields flow) {
    add(flow, flow.srcdevice());
  }

  /** Adds one web flow whose client is {@code client} (null: none), such as a shared copy of it. */
  public void add(FlowFields flow, String client) {
    count++;
    if (flow.dstpackets() > 0) {
      answered++;
    }
    long out = flow.dstbytes();
    if (out > 0) {
      long sum = bytesOutLow + out;
      if (Long.compareUnsigned(sum, bytesOutLow) < 0) {
        bytesOutHigh++;
      }
      bytesOutLow = sum;
    }
    long in = flow.srcbytes();
    if (in > 0) {
      long sum = bytesInLow + in;
      if (Long.compareUnsigned(sum, bytesInLow) < 0) {
        bytesInHigh++;
      }
      bytesInLow = sum;
    }
    addPort(flow.port(), 1);
    long time = flow.time();
    if (time != FlowFields.ABSENT) {
      seen(time, time);
    }
    if (client != null) {
      addClient(client);
    }
  }

  /** Adds sums of flows summed elsewhere (their ports, times and clients go in on their own). */
  public void addSums(long count, long answered, Total bytesOut, Total bytesIn) {
    addSums(count, answered, bytesOut.high(), bytesOut.low(), bytesIn.high(), bytesIn.low());
  }

  /** The same with the byte sums as unsigned 128-bit halves: no total is made. */
  public void addSums(
      long count, long answered, long outHigh, long outLow, long inHigh, long inLow) {
    this.count += count;
    this.answered += answered;
    long out = bytesOutLow + outLow;
    bytesOutHigh += outHigh + (Long.compareUnsigned(out, bytesOutLow) < 0 ? 1 : 0);
    bytesOutLow = out;
    long in = bytesInLow + inLow;
    bytesInHigh += inHigh + (Long.compareUnsigned(in, bytesInLow) < 0 ? 1 : 0);
    bytesInLow = in;
  }

  /** Adds every flow summed in {@code other}: its sums, ports, data time and clients. */
  public void addAll(Tally other) {
    addSums(
        other.count,
        other.answered,
        other.bytesOutHigh,
        other.bytesOutLow,
        other.bytesInHigh,
        other.bytesInLow);
    for (int i = 0; i < other.portsSize; i++) {
      addPort(other.ports[i], other.portCounts[i]);
    }
    seen(other.firstSeen, other.lastSeen);
    for (String client : other.clients()) {
      addClient(client);
    }
  }

  /** Widens the data time seen to {@code first}..{@code last}; {@link Evidence#NO_TIME}: none. */
  public void seen(long first, long last) {
    if (first != Evidence.NO_TIME) {
      firstSeen = firstSeen == Evidence.NO_TIME ? first : Math.min(firstSeen, first);
    }
    lastSeen = Math.max(lastSeen, last);
  }

  /** Adds {@code flows} web flows to {@code port}. */
  public void addPort(int port, long flows) {
    for (int i = 0; i < portsSize; i++) {
      if (ports[i] == port) {
        portCounts[i] += flows;
        return;
      }
    }
    if (portsSize == ports.length) {
      ports = java.util.Arrays.copyOf(ports, portsSize * 2);
      portCounts = java.util.Arrays.copyOf(portCounts, portsSize * 2);
    }
    ports[portsSize] = port;
    portCounts[portsSize++] = flows;
  }

  /** Adds a client; a name already here is not added twice. */
  public void addClient(String srcdevice) {
    if (manyClients != null) {
      manyClients.add(srcdevice);
      return;
    }
    if (fewClients.contains(srcdevice)) {
      return;
    }
    if (fewClients.size() < LIST_CLIENTS) {
      fewClients.add(srcdevice);
      return;
    }
    manyClients = new HashSet<>(fewClients);
    manyClients.add(srcdevice);
  }

  public long count() {
    return count;
  }

  public long answered() {
    return answered;
  }

  public Total bytesOut() {
    return bytesOutHigh == 0 && bytesOutLow == 0 ? Total.ZERO : new Total(bytesOutHigh, bytesOutLow);
  }

  public Total bytesIn() {
    return bytesInHigh == 0 && bytesInLow == 0 ? Total.ZERO : new Total(bytesInHigh, bytesInLow);
  }

  /** {@link #bytesOut()}'s high 64 bits, without making a total; likewise the three below. */
  public long bytesOutHigh() {
    return bytesOutHigh;
  }

  public long bytesOutLow() {
    return bytesOutLow;
  }

  public long bytesInHigh() {
    return bytesInHigh;
  }

  public long bytesInLow() {
    return bytesInLow;
  }

  public int portsSize() {
    return portsSize;
  }

  public int port(int index) {
    return ports[index];
  }

  public long portCount(int index) {
    return portCounts[index];
  }

  public long firstSeen() {
    return firstSeen;
  }

  public long lastSeen() {
    return lastSeen;
  }

  /** The distinct clients added. */
  public int clientCount() {
    return manyClients != null ? manyClients.size() : fewClients.size();
  }

  /** Hands each distinct client added to {@code action}, in no particular order; no iterator. */
  public void forEachClient(Consumer<String> action) {
    if (manyClients != null) {
      manyClients.forEach(action);
      return;
    }
    for (int i = 0; i < fewClients.size(); i++) {
      action.accept(fewClients.get(i));
    }
  }

  /** The distinct clients added, in no particular order. */
  public Collection<String> clients() {
    return manyClients != null ? manyClients : fewClients;
  }

  public void clear() {
    count = 0;
    answered = 0;
    bytesOutHigh = 0;
    bytesOutLow = 0;
    bytesInHigh = 0;
    bytesInLow = 0;
    portsSize = 0;
    firstSeen = Evidence.NO_TIME;
    lastSeen = Evidence.NO_TIME;
    fewClients.clear();
    manyClients = null;
  }
}
