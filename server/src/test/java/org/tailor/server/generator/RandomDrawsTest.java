package org.tailor.server.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written draws follow the distributions commons-math3 describes: a Kolmogorov–Smirnov
 * test on 20,000 draws from a fixed seed must not reject at the 0.1 % level.
 */
class RandomDrawsTest {

  private static final int DRAWS = 20_000;

  private static double ksPValue(
      RealDistribution distribution, ToDoubleFunction<SplittableRandom> draw) {
    SplittableRandom random = new SplittableRandom(20240501L);
    double[] sample = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      sample[i] = draw.applyAsDouble(random);
    }
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(distribution, sample);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.243, 0.793, 1.0, 2.426, 3.74, 6.25, 40.0})
  void gammaDrawsFollowTheGammaDistribution(double shape) {
    double p = ksPValue(new GammaDistribution(shape, 1.0), r -> RandomDraws.gamma(r, shape));
    assertThat(p).isGreaterThan(0.001);
  }

  @Test
  void betaDrawsFollowTheBetaDistributionOfTheCdnowDropout() {
    double p = ksPValue(new BetaDistribution(0.793, 2.426), r -> RandomDraws.beta(r, 0.793, 2.426));
    assertThat(p).isGreaterThan(0.001);
  }

  @Test
  void normalDrawsAreStandardNormal() {
    assertThat(ksPValue(new NormalDistribution(0, 1), RandomDraws::normal)).isGreaterThan(0.001);
  }

  @Test
  void exponentialDrawsHaveRateOne() {
    assertThat(ksPValue(new ExponentialDistribution(1.0), RandomDraws::exponential))
        .isGreaterThan(0.001);
  }

  @Test
  void aWrongShapeIsRejected() {
    // the test has the power to see a 10 % error in the shape
    double p = ksPValue(new GammaDistribution(2.2, 1.0), r -> RandomDraws.gamma(r, 2.0));
    assertThat(p).isLessThan(0.001);
  }

  @Test
  void streamsDependOnSeedIndexAndStreamOnly() {
    long a = RandomDraws.stream(7, 42, RandomDraws.Stream.TRAITS).nextLong();
    assertThat(RandomDraws.stream(7, 42, RandomDraws.Stream.TRAITS).nextLong()).isEqualTo(a);
    assertThat(RandomDraws.stream(8, 42, RandomDraws.Stream.TRAITS).nextLong()).isNotEqualTo(a);
    assertThat(RandomDraws.stream(7, 43, RandomDraws.Stream.TRAITS).nextLong()).isNotEqualTo(a);
    assertThat(RandomDraws.stream(7, 42, RandomDraws.Stream.PURCHASES).nextLong()).isNotEqualTo(a);
  }
}
