package org.tailor.scoring.bandit.thompson;

import java.util.random.RandomGenerator;

/**
 * Marsaglia &amp; Tsang's Beta draw as first written, d and c worked out inside the Gamma draw: the
 * reference that every faster way of drawing must reproduce number for number from the same
 * generator state.
 */
public final class ReferenceBeta {

  private ReferenceBeta() {}

  public static double gamma(double shape, RandomGenerator random) {
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

  public static double beta(double alpha, double beta, RandomGenerator random) {
    double x = gamma(alpha, random);
    double y = gamma(beta, random);
    double sum = x + y;
    return sum == 0 ? alpha / (alpha + beta) : x / sum;
  }
}
