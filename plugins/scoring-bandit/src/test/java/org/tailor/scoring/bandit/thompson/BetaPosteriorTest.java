package org.tailor.scoring.bandit.thompson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaPosteriorTest {

  @Test
  void conjugateUpdateAddsSuccessesToAlphaAndFailuresToBeta() {
    // Beta(1, 1) + 2 redemptions in 10 presentations = Beta(1 + 2, 1 + 8), mean 3/12.
    BetaPosterior posterior = BetaPosterior.update(1, 1, 10, 2);
    assertThat(posterior.alpha()).isEqualTo(3.0);
    assertThat(posterior.beta()).isEqualTo(9.0);
    assertThat(posterior.mean()).isEqualTo(0.25);
  }

  @Test
  void refusesMoreSuccessesThanTrials() {
    assertThatThrownBy(() -> BetaPosterior.update(1, 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=3")
        .hasMessageContaining("trials=2");
  }

  @Test
  void refusesNonPositiveParameters() {
    assertThatThrownBy(() -> new BetaPosterior(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha=0.0");
  }

  @Test
  void drawsHaveTheBetaMeanAndVariance() {
    // Beta(3, 9): mean 0.25, variance αβ / ((α+β)²(α+β+1)) = 27 / (144 · 13) = 0.014423.
    BetaPosterior posterior = new BetaPosterior(3, 9);
    SplittableRandom random = new SplittableRandom(42);
    int n = 200_000;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      double x = posterior.sample(random);
      assertThat(x).isBetween(0.0, 1.0);
      sum += x;
      sumSquares += x * x;
    }
    double mean = sum / n;
    double variance = sumSquares / n - mean * mean;
    // Standard error of the mean: √(0.014423 / 200000) = 0.00027; allow 5 of them.
    assertThat(mean).isCloseTo(0.25, within(0.0014));
    assertThat(variance).isCloseTo(0.014423, within(0.0005));
  }

  @Test
  void smallShapesStillDrawWithinZeroAndOne() {
    // Shapes below 1 take the Gamma(a + 1) · U^(1/a) path; Beta(0.5, 0.5) has mean 0.5.
    BetaPosterior posterior = new BetaPosterior(0.5, 0.5);
    SplittableRandom random = new SplittableRandom(7);
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double x = posterior.sample(random);
      assertThat(x).isBetween(0.0, 1.0);
      sum += x;
    }
    // Variance 1/8, standard error 0.0011.
    assertThat(sum / n).isCloseTo(0.5, within(0.006));
  }
}
