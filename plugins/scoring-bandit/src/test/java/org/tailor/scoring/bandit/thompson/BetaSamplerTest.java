package org.tailor.scoring.bandit.thompson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BetaSamplerTest {

  /**
   * Marsaglia &amp; Tsang's Gamma draw as first written, d and c worked out at every draw: the
   * reference the prepared constants must reproduce number for number.
   */
  private static double referenceGamma(double shape, RandomGenerator random) {
    if (shape < 1) {
      double u = random.nextDouble();
      return referenceGamma(shape + 1, random) * Math.pow(u, 1 / shape);
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

  private static double referenceBeta(double alpha, double beta, RandomGenerator random) {
    double x = referenceGamma(alpha, random);
    double y = referenceGamma(beta, random);
    double sum = x + y;
    return sum == 0 ? alpha / (alpha + beta) : x / sum;
  }

  @Test
  void preparedDrawsAreTheReferenceDrawsNumberForNumber() {
    double[] shapes = {0.05, 0.5, 0.999, 1, 1.2, 2.5, 9.75, 42, 1_000.5};
    for (double alpha : shapes) {
      for (double beta : shapes) {
        BetaSampler.Prepared prepared = BetaSampler.Prepared.of(alpha, beta);
        SplittableRandom ours = new SplittableRandom(17);
        SplittableRandom reference = new SplittableRandom(17);
        for (int i = 0; i < 2_000; i++) {
          double expected = referenceBeta(alpha, beta, reference);
          assertThat(prepared.sample(ours))
              .as("draw %d of Beta(%s, %s)", i, alpha, beta)
              .isEqualTo(expected);
        }
        assertThat(ours.nextLong()).as("generators in step").isEqualTo(reference.nextLong());
      }
    }
  }

  @Test
  void gammaDrawsAreTheReferenceDraws() {
    for (double shape : new double[] {0.3, 1, 3.7}) {
      SplittableRandom ours = new SplittableRandom(5);
      SplittableRandom reference = new SplittableRandom(5);
      for (int i = 0; i < 1_000; i++) {
        assertThat(BetaSampler.gamma(shape, ours)).isEqualTo(referenceGamma(shape, reference));
      }
    }
  }

  @Test
  void drawsFollowTheBetaDistributionByKolmogorovSmirnov() {
    // Beta(2, 5): F(x) = 1 - (1 - x)^6 - 6x(1 - x)^5.
    int n = 100_000;
    double[] draws = new double[n];
    BetaSampler.Prepared prepared = BetaSampler.Prepared.of(2, 5);
    SplittableRandom random = new SplittableRandom(2026);
    for (int i = 0; i < n; i++) {
      draws[i] = prepared.sample(random);
    }
    Arrays.sort(draws);
    double largest = 0;
    for (int i = 0; i < n; i++) {
      double x = draws[i];
      double cdf = 1 - Math.pow(1 - x, 6) - 6 * x * Math.pow(1 - x, 5);
      largest =
          Math.max(
              largest, Math.max(Math.abs(cdf - (double) i / n), Math.abs((i + 1.0) / n - cdf)));
    }
    // the 1 % critical value of the Kolmogorov-Smirnov statistic is 1.628 / sqrt(n) = 0.00515
    assertThat(largest).isLessThan(1.628 / Math.sqrt(n));
  }
}
