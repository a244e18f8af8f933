package org.tailor.server.generator;

/**
 * The hidden parameters of one shopper, drawn by {@link TraitModel}: what the generated purchases
 * come from and what the ground-truth response model answers with. Mutable and reused by one worker
 * thread for shopper after shopper.
 */
final class LatentShopper {

  /** λ: purchases per week while alive. */
  double purchaseRatePerWeek;

  /** p: the probability of dropping out after each repeat purchase. */
  double dropoutProbability;

  /** ν: the Gamma-Gamma rate; the mean transaction value is p/ν. */
  double spendRate;

  /** u: the shopper's own offer responsiveness, in log-odds. */
  double responsiveness;

  /** π: the shopper's share of purchase lines per category; sums to 1. */
  final double[] categoryShares;

  /** Running sums of {@link #categoryShares}, for drawing a category. */
  final double[] cumulativeShares;

  LatentShopper(int categories) {
    categoryShares = new double[categories];
    cumulativeShares = new double[categories];
  }

  /** A category drawn from the shopper's shares; {@code u} uniform on [0, 1). */
  int category(double u) {
    double[] cumulative = cumulativeShares;
    int last = cumulative.length - 1;
    double target = u * cumulative[last];
    for (int c = 0; c < last; c++) {
      if (target < cumulative[c]) {
        return c;
      }
    }
    return last;
  }
}
