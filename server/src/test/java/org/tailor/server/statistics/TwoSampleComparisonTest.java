package org.tailor.server.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. The quantiles are checked against printed tables (z 0.975 = 1.959964) and
 * the Welch case against {@code scipy.stats.ttest_ind(equal_var=False)} (df 3.532847).
 */
class TwoSampleComparisonTest {

  @Test
  void differenceOfProportionsHasTheUnpooledWaldInterval() {
    // p1 = 0.3, p0 = 0.2; se = sqrt(0.3*0.7/100 + 0.2*0.8/100) = sqrt(0.0037) = 0.0608276
    Difference d = TwoSampleComparison.proportions(30, 100, 20, 100, 0.95).orElseThrow();
    assertThat(d.estimate()).isCloseTo(0.1, within(1e-12));
    assertThat(d.standardError()).isCloseTo(0.0608276, within(1e-7));
    assertThat(d.lower()).isCloseTo(0.1 - 1.959964 * 0.0608276, within(1e-6));
    assertThat(d.upper()).isCloseTo(0.1 + 1.959964 * 0.0608276, within(1e-6));
    assertThat(d.significant()).isFalse();
    assertThat(d.treatmentSize()).isEqualTo(100);
    assertThat(d.holdoutSize()).isEqualTo(100);
  }

  @Test
  void largeDifferenceOfProportionsIsSignificant() {
    Difference d = TwoSampleComparison.proportions(300, 1000, 200, 1000, 0.95).orElseThrow();
    // se = sqrt(0.21/1000 + 0.16/1000) = 0.0192354
    assertThat(d.lower()).isCloseTo(0.1 - 1.959964 * 0.0192354, within(1e-6));
    assertThat(d.significant()).isTrue();
  }

  @Test
  void differenceOfMeansHasWelchsInterval() {
    // treatment 1..5: mean 3, variance 2.5; holdout 2,4,6: mean 4, variance 4.
    // se = sqrt(2.5/5 + 4/3) = 1.3540064; df = 3.5328467; t(0.975, df) = 2.9274053
    Difference d =
        TwoSampleComparison.means(SampleMoments.of(1, 2, 3, 4, 5), SampleMoments.of(2, 4, 6), 0.95)
            .orElseThrow();
    assertThat(d.estimate()).isCloseTo(-1, within(1e-12));
    assertThat(d.standardError()).isCloseTo(1.3540064, within(1e-7));
    assertThat(TwoSampleComparison.welchDegreesOfFreedom(0.5, 4.0 / 3, 5, 3))
        .isCloseTo(3.5328467, within(1e-7));
    assertThat(d.lower()).isCloseTo(-4.9637255, within(1e-5));
    assertThat(d.upper()).isCloseTo(2.9637255, within(1e-5));
    assertThat(d.significant()).isFalse();
  }

  @Test
  void momentsGiveTheUnbiasedVariance() {
    SampleMoments m = new SampleMoments(4, 10, 30); // 1,2,3,4
    assertThat(m.mean()).isEqualTo(2.5);
    assertThat(m.variance()).isCloseTo(1.6666667, within(1e-7));
    assertThat(new SampleMoments(1, 5, 25).variance()).isZero();
  }

  @Test
  void constantSamplesHaveAZeroWidthInterval() {
    Difference d =
        TwoSampleComparison.means(SampleMoments.of(2, 2, 2), SampleMoments.of(1, 1), 0.95)
            .orElseThrow();
    assertThat(d.lower()).isEqualTo(1);
    assertThat(d.upper()).isEqualTo(1);
  }

  @Test
  void noIntervalWithFewerThanTwoObservationsInAGroup() {
    assertThat(TwoSampleComparison.proportions(1, 1, 5, 10, 0.95)).isEmpty();
    assertThat(TwoSampleComparison.means(SampleMoments.of(1, 2), new SampleMoments(0, 0, 0), 0.95))
        .isEmpty();
  }

  @Test
  void scalingMultipliesTheIntervalAndKeepsItOrdered() {
    Difference d = TwoSampleComparison.proportions(30, 100, 20, 100, 0.95).orElseThrow();
    Difference flipped = d.scaled(-10);
    assertThat(flipped.estimate()).isCloseTo(-1, within(1e-12));
    assertThat(flipped.lower()).isLessThan(flipped.upper());
    assertThat(flipped.standardError()).isCloseTo(0.608276, within(1e-6));
  }

  @Test
  void refusesImpossibleCounts() {
    assertThatThrownBy(() -> TwoSampleComparison.proportions(11, 10, 5, 10, 0.95))
        .hasMessageContaining("treatment")
        .hasMessageContaining("11 of 10");
    assertThatThrownBy(() -> TwoSampleComparison.proportions(1, 10, 5, 10, 1.5))
        .hasMessageContaining("confidence");
    assertThatThrownBy(() -> new SampleMoments(-1, 0, 0)).hasMessageContaining("count");
  }
}
