package org.tailor.server.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws a shopper's hidden parameters from the population's distributions, always in the same order
 * from the shopper's own TRAITS stream, so that the generator and {@link GroundTruthResponseModel}
 * find the same values for the same (seed, shopper index):
 *
 * <ol>
 *   <li>λ ~ Gamma(r, α), the purchase rate per week (BG/NBD);
 *   <li>p ~ Beta(a, b), the dropout probability after a repeat purchase (BG/NBD);
 *   <li>ν ~ Gamma(q, γ), the spend rate (Gamma-Gamma; mean transaction value p/ν);
 *   <li>u ~ Normal(0, σ), the offer responsiveness;
 *   <li>D ~ Dirichlet(κ·base), and the category shares π = w·base + (1 − w)·D.
 * </ol>
 */
final class TraitModel {

  /** Weeks in a year, for yearly values. */
  static final double WEEKS_PER_YEAR = 365.25 / 7.0;

  private static final int PRIOR_SAMPLE = 20_000;

  private final BgNbdParameters purchasing;
  private final GammaGammaParameters spend;
  private final PreferenceParameters preferences;
  private final double responsivenessSd;
  private final double[] baseShares;
  private final double[] dirichletShapes;

  TraitModel(
      BgNbdParameters purchasing,
      GammaGammaParameters spend,
      PreferenceParameters preferences,
      double responsivenessSd,
      double[] baseShares) {
    this.purchasing = purchasing;
    this.spend = spend;
    this.preferences = preferences;
    this.responsivenessSd = responsivenessSd;
    this.baseShares = baseShares.clone();
    this.dirichletShapes = new double[baseShares.length];
    for (int c = 0; c < baseShares.length; c++) {
      dirichletShapes[c] = preferences.concentration() * baseShares[c];
    }
  }

  int categoryCount() {
    return baseShares.length;
  }

  double baseShare(int category) {
    return baseShares[category];
  }

  /** Draws shopper {@code index}'s traits into {@code into}. */
  void draw(long seed, long index, LatentShopper into) {
    draw(RandomDraws.stream(seed, index, RandomDraws.Stream.TRAITS), into);
  }

  private void draw(SplittableRandom random, LatentShopper into) {
    into.purchaseRatePerWeek = RandomDraws.gamma(random, purchasing.r()) / purchasing.alpha();
    into.dropoutProbability = RandomDraws.beta(random, purchasing.a(), purchasing.b());
    into.spendRate = RandomDraws.gamma(random, spend.q()) / spend.gamma();
    into.responsiveness = RandomDraws.normal(random) * responsivenessSd;
    double[] shares = into.categoryShares;
    double sum = 0;
    for (int c = 0; c < shares.length; c++) {
      shares[c] = RandomDraws.gamma(random, dirichletShapes[c]);
      sum += shares[c];
    }
    double w = preferences.baseWeight();
    double running = 0;
    for (int c = 0; c < shares.length; c++) {
      double dirichlet = sum > 0 ? shares[c] / sum : baseShares[c];
      shares[c] = w * baseShares[c] + (1.0 - w) * dirichlet;
      running += shares[c];
      into.cumulativeShares[c] = running;
    }
  }

  /** A receipt's target spend z ~ Gamma(p, ν) (Gamma-Gamma). */
  double transactionValue(SplittableRandom random, LatentShopper shopper) {
    return RandomDraws.gamma(random, spend.p()) / shopper.spendRate;
  }

  /** The shopper's mean transaction value, p/ν (Gamma-Gamma). */
  double meanTransactionValue(LatentShopper shopper) {
    return spend.p() / shopper.spendRate;
  }

  /** What the shopper would spend in a year while alive: λ · weeks · p/ν. */
  double yearlyValue(LatentShopper shopper) {
    return shopper.purchaseRatePerWeek * WEEKS_PER_YEAR * meanTransactionValue(shopper);
  }

  /**
   * The quintiles of {@link #yearlyValue} in the population, estimated on 20,000 draws from a
   * stream that depends only on the seed: the limits between value tiers 1–5.
   */
  double[] valueTierLimits(long seed) {
    LatentShopper scratch = new LatentShopper(baseShares.length);
    double[] values = new double[PRIOR_SAMPLE];
    SplittableRandom random = RandomDraws.stream(seed, 0, RandomDraws.Stream.PRIOR);
    for (int i = 0; i < PRIOR_SAMPLE; i++) {
      draw(random, scratch);
      values[i] = yearlyValue(scratch);
    }
    Arrays.sort(values);
    double[] limits = new double[4];
    for (int k = 1; k <= 4; k++) {
      limits[k - 1] = values[k * PRIOR_SAMPLE / 5];
    }
    return limits;
  }

  /** The value tier, 1 (lowest fifth) to 5 (highest fifth). */
  static int valueTier(double yearlyValue, double[] limits) {
    int tier = 1;
    for (double limit : limits) {
      if (yearlyValue >= limit) {
        tier++;
      }
    }
    return tier;
  }
}
