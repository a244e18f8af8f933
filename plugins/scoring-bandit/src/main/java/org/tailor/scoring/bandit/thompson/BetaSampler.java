package org.tailor.scoring.bandit.thompson;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β), each Gamma drawn by
 * Marsaglia &amp; Tsang's squeeze method (ACM TOMS 26(3), 2000), with the boost Gamma(a) = Gamma(a
 * + 1) · U^{1/a} for shapes below one.
 */
final class BetaSampler {

  private BetaSampler() {}

  static double sample(double alpha, double beta, RandomGenerator random) {
    double x = gamma(alpha, random);
    double y = gamma(beta, random);
    double sum = x + y;
    if (sum == 0) {
      return alpha / (alpha + beta); // both underflowed: tiny shapes; the mean is the best answer
    }
    return x / sum;
  }

  static double gamma(double shape, RandomGenerator random) {
    if (shape < 1) {
      double u = random.nextDouble();
      return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1 / Math.sqrt(9 * d);
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
