package org.tailor.scoring.value.lifetime;

import java.util.stream.IntStream;

/**
 * Sums a function over index ranges in parallel (the common fork-join pool), in fixed chunks so
 * that the result does not depend on scheduling: chunk sums are added in chunk order.
 */
final class ParallelSum {

  /** A sum over the indices {@code from} (inclusive) to {@code to} (exclusive). */
  @FunctionalInterface
  interface RangeSum {
    double sum(int from, int to);
  }

  private static final int CHUNK = 16_384;

  private ParallelSum() {}

  static double over(int size, RangeSum body) {
    if (size <= CHUNK) {
      return body.sum(0, size);
    }
    int chunks = (size + CHUNK - 1) / CHUNK;
    double[] partial = new double[chunks];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(c -> partial[c] = body.sum(c * CHUNK, Math.min(size, (c + 1) * CHUNK)));
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    return total;
  }

  /** Two sums over the same indices, added into {@code into[0]} and {@code into[1]}. */
  @FunctionalInterface
  interface RangePairSum {
    void sum(int from, int to, double[] into);
  }

  /** Two sums in one pass. */
  static double[] pairOver(int size, RangePairSum body) {
    int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
    double[][] partial = new double[chunks][2];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(c -> body.sum(c * CHUNK, Math.min(size, (c + 1) * CHUNK), partial[c]));
    double[] total = new double[2];
    for (double[] p : partial) {
      total[0] += p[0];
      total[1] += p[1];
    }
    return total;
  }
}
