package org.tailor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Memory of a process as Linux and the JVM see it. */
final class ProcessMemory {

  private ProcessMemory() {}

  /** The resident set size of process {@code pid} in bytes, from {@code /proc/<pid>/status}. */
  static Optional<Long> residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kilobytes = line.substring(6).trim().split("\\s+")[0];
          return Optional.of(Long.parseLong(kilobytes) * 1024);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** This JVM's heap in use, in bytes. */
  /** A JSON line with this process's heap (used, live, maximum) and resident memory. */
  static JsonLine line(String benchmark) {
    return JsonLine.of(benchmark)
        .add("heapUsedBytes", heapUsedBytes())
        .add("heapLiveBytes", heapLiveBytes())
        .add("heapMaxBytes", Runtime.getRuntime().maxMemory())
        .add("rssBytes", residentBytes(ProcessHandle.current().pid()).orElse(-1L));
  }

  static long heapUsedBytes() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  /** This JVM's heap in use after a full collection, in bytes: the live data. */
  static long heapLiveBytes() {
    System.gc();
    return heapUsedBytes();
  }

  /** The peak heap in use since the JVM started, summed over the heap pools, in bytes. */
  static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** CPU time this process used so far, over all its threads, in nanoseconds (0 if unknown). */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
