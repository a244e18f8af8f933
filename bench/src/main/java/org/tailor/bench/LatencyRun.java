package org.tailor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Calls a request many times from a number of concurrent clients and records each call's latency in
 * an HdrHistogram (microsecond resolution, 3 significant digits). Client {@code c} of {@code n}
 * makes requests {@code c, c + n, c + 2n, ...} of the sample, so every run asks the same mix. Also
 * records the CPU time the clients' threads spent in their calls and the CPU time of the whole
 * process over the run (every thread: background writers, learners, the garbage collector), which
 * say more than the rate on a machine shared with other work; and the bytes the clients' threads
 * allocated in their calls, which a shared machine does not change at all.
 */
final class LatencyRun {

  /** One request: {@code true} when it was answered as expected. */
  @FunctionalInterface
  interface Request {
    boolean call(int index) throws Exception;
  }

  /**
   * What a run measured.
   *
   * @param callerCpuNanos CPU time of the clients' threads during their calls, -1 when the JVM
   *     cannot tell
   * @param processCpuNanos CPU time of the whole process during the run, -1 when the JVM cannot
   *     tell
   * @param callerAllocatedBytes bytes allocated by the clients' threads during their calls, -1 when
   *     the JVM cannot tell
   */
  record Result(
      Histogram micros,
      long requests,
      long failures,
      double seconds,
      long callerCpuNanos,
      long processCpuNanos,
      long callerAllocatedBytes) {

    double requestsPerSecond() {
      return requests / seconds;
    }

    JsonLine json(String benchmark, String path, int clients) {
      return JsonLine.of(benchmark)
          .add("path", path)
          .add("clients", clients)
          .add("requests", requests)
          .add("failures", failures)
          .add("seconds", seconds, 2)
          .add("requestsPerSecond", requestsPerSecond(), 0)
          .add("p50Ms", micros.getValueAtPercentile(50) / 1000.0, 3)
          .add("p90Ms", micros.getValueAtPercentile(90) / 1000.0, 3)
          .add("p99Ms", micros.getValueAtPercentile(99) / 1000.0, 3)
          .add("p999Ms", micros.getValueAtPercentile(99.9) / 1000.0, 3)
          .add("maxMs", micros.getMaxValue() / 1000.0, 3)
          .add("meanMs", micros.getMean() / 1000.0, 3)
          .add("callerCpuUsPerRequest", perRequestMicros(callerCpuNanos), 1)
          .add("processCpuUsPerRequest", perRequestMicros(processCpuNanos), 1)
          .add(
              "callerAllocatedBytesPerRequest",
              callerAllocatedBytes < 0 ? -1 : (double) callerAllocatedBytes / requests,
              0);
    }

    private double perRequestMicros(long nanos) {
      return nanos < 0 ? -1 : nanos / 1000.0 / requests;
    }
  }

  private LatencyRun() {}

  /**
   * An open loop: {@code requests} calls arriving at {@code ratePerSecond} in all, spaced by
   * exponential gaps (a Poisson stream from {@code seed}), handed to the {@code clients} threads in
   * turn (call {@code i} to client {@code i mod clients}). Each call's latency counts from the
   * moment it was due, not from when its client got to it: a client still busy with its previous
   * call makes the next one late, and the wait shows as latency instead of as fewer calls (no
   * coordinated omission).
   */
  static Result runAtRate(
      Request request, int requests, int clients, double ratePerSecond, long seed)
      throws Exception {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be above 0, was " + ratePerSecond);
    }
    long[] due = new long[requests];
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double at = 0;
    for (int i = 0; i < requests; i++) {
      at += -Math.log(1 - random.nextDouble()) * 1e9 / ratePerSecond;
      due[i] = (long) at;
    }
    return calls(request, requests, clients, due);
  }

  /** Makes {@code requests} calls of {@code request} from {@code clients} threads. */
  static Result run(Request request, int requests, int clients) throws Exception {
    return calls(request, requests, clients, null);
  }

  /**
   * The calls, each client making its share one after the other: as soon as the last is answered
   * ({@code due} null), or at its due time in nanoseconds from the start, timed from then.
   */
  private static Result calls(Request request, int requests, int clients, long[] due)
      throws Exception {
    AtomicLong failures = new AtomicLong();
    AtomicLong callerCpu = new AtomicLong();
    AtomicLong callerAllocated = new AtomicLong();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean threadCpu = threads.isCurrentThreadCpuTimeSupported();
    com.sun.management.ThreadMXBean allocation =
        threads instanceof com.sun.management.ThreadMXBean counting
                && counting.isThreadAllocatedMemorySupported()
                && counting.isThreadAllocatedMemoryEnabled()
            ? counting
            : null;
    long processCpuBefore = processCpuNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Histogram>> parts = new ArrayList<>();
      long started = System.nanoTime() + (due == null ? 0 : 50_000_000L);
      for (int c = 0; c < clients; c++) {
        int client = c;
        parts.add(
            pool.submit(
                () -> {
                  Histogram histogram = new Histogram(60_000_000L, 3);
                  long cpuBefore = threadCpu ? threads.getCurrentThreadCpuTime() : 0;
                  long allocatedBefore =
                      allocation == null ? 0 : allocation.getCurrentThreadAllocatedBytes();
                  for (int i = client; i < requests; i += clients) {
                    long before = System.nanoTime();
                    if (due != null) {
                      long dueAt = started + due[i];
                      while (before - dueAt < 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(dueAt - before);
                        before = System.nanoTime();
                      }
                      before = dueAt;
                    }
                    boolean ok;
                    try {
                      ok = request.call(i);
                    } catch (Exception e) {
                      ok = false;
                      if (failures.get() < 5) {
                        System.err.println("request " + i + " failed: " + e);
                      }
                    }
                    histogram.recordValue(Math.max(1, (System.nanoTime() - before) / 1000));
                    if (!ok) {
                      failures.incrementAndGet();
                    }
                  }
                  if (threadCpu) {
                    callerCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpuBefore);
                  }
                  if (allocation != null) {
                    callerAllocated.addAndGet(
                        allocation.getCurrentThreadAllocatedBytes() - allocatedBefore);
                  }
                  return histogram;
                }));
      }
      Histogram all = new Histogram(60_000_000L, 3);
      for (Future<Histogram> part : parts) {
        all.add(part.get());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long processCpuAfter = processCpuNanos();
      return new Result(
          all,
          requests,
          failures.get(),
          seconds,
          threadCpu ? callerCpu.get() : -1,
          processCpuBefore < 0 || processCpuAfter < 0 ? -1 : processCpuAfter - processCpuBefore,
          allocation == null ? -1 : callerAllocated.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The CPU time of this process so far, -1 when the JVM cannot tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
