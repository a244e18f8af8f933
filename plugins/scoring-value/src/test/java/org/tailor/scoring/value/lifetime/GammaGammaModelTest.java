package org.tailor.scoring.value.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GammaGammaModelTest {

  private static final GammaGammaModel CDNOW = new GammaGammaModel(6.25, 3.74, 15.44);

  @Test
  void logLikelihoodMatchesTheHandComputedValue() {
    // p = q = gamma = 1, x = 1, mean 1: lnG(2) - lnG(1) - lnG(1) + 0 + 0 + 0 - 2 ln 2.
    assertThat(new GammaGammaModel(1, 1, 1).logLikelihood(1, 1))
        .isCloseTo(-2 * Math.log(2), within(1e-12));
  }

  @Test
  void groupedLikelihoodEqualsTheSumOverShoppers() {
    SpendObservations data =
        SpendObservations.of(new int[] {1, 2, 2, 5}, new double[] {10, 20.5, 7, 33});
    double bySum =
        CDNOW.logLikelihood(1, 10)
            + CDNOW.logLikelihood(2, 20.5)
            + CDNOW.logLikelihood(2, 7)
            + CDNOW.logLikelihood(5, 33);
    assertThat(GammaGamma.logLikelihood(data, CDNOW)).isCloseTo(bySum, within(1e-9));
  }

  @Test
  void expectedSpendMatchesHardiesSpreadsheet() {
    // lifetimes tests/test_estimation.py lines 188-190: shoppers without repeat purchases get the
    // population mean 35.17 (rounded parameters give 35.22); sample shopper 1 (x=2, zbar=22.35)
    // gets 24.65.
    assertThat(CDNOW.conditionalExpectedSpend(0, 0)).isCloseTo(35.17, within(0.1));
    assertThat(CDNOW.conditionalExpectedSpend(2, 22.345)).isCloseTo(24.65, within(0.05));
    // Many purchases pull the estimate towards the shopper's own mean.
    assertThat(CDNOW.conditionalExpectedSpend(200, 80)).isCloseTo(80, within(2.0));
  }

  @Test
  void invalidSpendNamesTheFieldAndTheExpectation() {
    assertThatThrownBy(() -> SpendObservations.of(new int[] {1, 0}, new double[] {3, 4}))
        .isInstanceOf(ModelInputException.class)
        .hasMessage(
            "frequency: \"0\" is not valid; expected 1 or more repeat purchases for the spend"
                + " model.");
    assertThatThrownBy(() -> CDNOW.logLikelihood(2, -5))
        .hasMessageContaining("meanRepeatSpend: \"-5.0\"");
    assertThatThrownBy(() -> SpendObservations.of(new int[0], new double[0]))
        .hasMessageContaining("at least one to fit the spend model");
  }
}
