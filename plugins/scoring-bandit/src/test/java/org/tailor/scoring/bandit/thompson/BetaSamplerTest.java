package org.tailor.scoring.bandit.thompson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaSamplerTest {

  @Test
  void drawsAreTheReferenceDrawsNumberForNumber() {
    double[] shapes = {0.05, 0.5, 0.999, 1, 1.2, 2.5, 9.75, 42, 1_000.5};
    for (double alpha : shapes) {
      for (double beta : shapes) {
        SplittableRandom ours = new SplittableRandom(17);
        SplittableRandom reference = new SplittableRandom(17);
        for (int i = 0; i < 2_000; i++) {
          double expected = ReferenceBeta.beta(alpha, beta, reference);
          assertThat(BetaSampler.sample(alpha, beta, ours))
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
        assertThat(BetaSampler.gamma(shape, ours)).isEqualTo(ReferenceBeta.gamma(shape, reference));
      }
    }
  }

  @Test
  void drawsFollowTheBetaDistributionByKolmogorovSmirnov() {
    // Beta(2, 5): F(x) = 1 - (1 - x)^6 - 6x(1 - x)^5.
    int n = 100_000;
    double[] draws = new double[n];
    SplittableRandom random = new SplittableRandom(2026);
    for (int i = 0; i < n; i++) {
      draws[i] = BetaSampler.sample(2, 5, random);
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
