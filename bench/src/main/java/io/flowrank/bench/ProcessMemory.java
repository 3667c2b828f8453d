package io.flowrank.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Memory figures of one benchmarked process. */
public record ProcessMemory(String process, long peakRssBytes, GcLog heap) {

  /** The figures of the benchmark's own JVM, named {@code process}: its peak RSS and heap used. */
  static ProcessMemory self(String process) {
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    return new ProcessMemory(process, ChildJvm.selfPeakRssBytes(), new GcLog(peakHeap, 0, 0, 0));
  }
}
