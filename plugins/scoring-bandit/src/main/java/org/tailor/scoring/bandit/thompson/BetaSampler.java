package org.tailor.scoring.bandit.thompson;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β), each Gamma drawn by
 * Marsaglia &amp; Tsang's squeeze method (ACM TOMS 26(3), 2000), with the boost Gamma(a) = Gamma(a
 * + 1) · U^{1/a} for shapes below one.
 *
 * <p>The method's constants d = a − 1/3 and c = 1/√(9d) depend on the shape only, so a caller
 * drawing for many shapes can work them all out first, side by side ({@link #d}, {@link #c}), and
 * then draw with them ({@link #sample(double, double, double, double, double, double,
 * RandomGenerator)}): the square roots and divisions then overlap instead of each delaying its
 * draw, and the draws are the very same numbers {@link #sample(double, double, RandomGenerator)}
 * gives from the same generator state.
 */
final class BetaSampler {

  private BetaSampler() {}

  static double sample(double alpha, double beta, RandomGenerator random) {
    double alphaD = d(alpha);
    double betaD = d(beta);
    return sample(alpha, beta, alphaD, c(alphaD), betaD, c(betaD), random);
  }

  static double gamma(double shape, RandomGenerator random) {
    double d = d(shape);
    return gamma(shape, d, c(d), random);
  }

  /** Marsaglia &amp; Tsang's d for a shape (for the boosted shape + 1 below one). */
  static double d(double shape) {
    return (shape < 1 ? shape + 1 : shape) - 1.0 / 3.0;
  }

  /** Marsaglia &amp; Tsang's c for a d. */
  static double c(double d) {
    return 1 / Math.sqrt(9 * d);
  }

  /** A Beta(α, β) draw with the {@link #d} and {@link #c} of both its Gamma draws. */
  static double sample(
      double alpha,
      double beta,
      double alphaD,
      double alphaC,
      double betaD,
      double betaC,
      RandomGenerator random) {
    double x = gamma(alpha, alphaD, alphaC, random);
    double y = gamma(beta, betaD, betaC, random);
    double sum = x + y;
    if (sum == 0) {
      return alpha / (alpha + beta); // both underflowed: tiny shapes; the mean is the best answer
    }
    return x / sum;
  }

  /** A Gamma(shape) draw with the shape's {@link #d} and {@link #c}. */
  private static double gamma(double shape, double d, double c, RandomGenerator random) {
    if (shape < 1) {
      double u = random.nextDouble();
      return marsagliaTsang(d, c, random) * Math.pow(u, 1 / shape);
    }
    return marsagliaTsang(d, c, random);
  }

  private static double marsagliaTsang(double d, double c, RandomGenerator random) {
    while (true) {
      double z = random.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
