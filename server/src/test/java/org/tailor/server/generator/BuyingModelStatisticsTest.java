package org.tailor.server.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generator's purchase process and spend match the published models on 40,000 shoppers from a
 * fixed seed. Tolerances are four standard errors computed from the sample itself, so a correct
 * generator passes and a biased one (say, dropping out after the first purchase too) fails.
 */
class BuyingModelStatisticsTest {

  private static final int SHOPPERS = 40_000;
  private static final long SEED = 1234;

  private static TraitModel traitModel() {
    Catalogue catalogue = Catalogue.of(SEED);
    return new TraitModel(
        BgNbdParameters.CDNOW,
        GammaGammaParameters.CDNOW,
        PreferenceParameters.DEFAULT,
        0.6,
        catalogue.categoryBaseShares());
  }

  /** Repeat purchases in (0, t] of shoppers whose first purchase is at 0. */
  private static int[] repeatPurchases(double weeks) {
    TraitModel model = traitModel();
    LatentShopper shopper = new LatentShopper(model.categoryCount());
    double[] times = new double[ShopperSynthesizer.MAX_PURCHASES];
    int[] repeats = new int[SHOPPERS];
    for (int i = 0; i < SHOPPERS; i++) {
      model.draw(SEED, i, shopper);
      SplittableRandom random = RandomDraws.stream(SEED, i, RandomDraws.Stream.PURCHASES);
      repeats[i] =
          BgNbdProcess.purchaseTimes(
                  random,
                  shopper.purchaseRatePerWeek,
                  shopper.dropoutProbability,
                  0.0,
                  weeks,
                  times)
              - 1;
    }
    return repeats;
  }

  private static double mean(int[] values) {
    double sum = 0;
    for (int v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double standardError(int[] values) {
    double mean = mean(values);
    double squares = 0;
    for (int v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (values.length - 1) / values.length);
  }

  @Test
  void meanRepeatPurchasesIn78WeeksMatchHardiesSpreadsheet() {
    // E[X(78)] = 1.8576 for r, α, a, b = 0.243, 4.414, 0.793, 2.426: Hardie's Excel sheet, as
    // quoted in lifetimes tests/test_estimation.py (test_expectation_returns_same_value_as_R).
    int[] repeats = repeatPurchases(78);
    assertThat(mean(repeats)).isCloseTo(1.8576, within(4 * standardError(repeats)));
  }

  @Test
  void meanRepeatPurchasesIn32WeeksMatchHardiesSpreadsheet() {
    // E[X(32)] = 1.0437, same source.
    int[] repeats = repeatPurchases(32);
    assertThat(mean(repeats)).isCloseTo(1.0437, within(4 * standardError(repeats)));
  }

  @Test
  void shareOfShoppersWithoutRepeatPurchaseMatchesTheModel() {
    // P(X(39) = 0) = 0.5737864 (lifetimes tests, "same as R BTYD"); closed form (α/(α+t))^r.
    int[] repeats = repeatPurchases(39);
    int none = 0;
    for (int r : repeats) {
      if (r == 0) {
        none++;
      }
    }
    double p0 = 0.5737864;
    assertThat(Math.pow(4.414 / (4.414 + 39), 0.243)).isCloseTo(p0, within(1e-3));
    double standardError = Math.sqrt(p0 * (1 - p0) / SHOPPERS);
    assertThat((double) none / SHOPPERS).isCloseTo(p0, within(4 * standardError));
  }

  @Test
  void meanSpendPerTransactionIsPGammaOverQMinusOne() {
    // Fader & Hardie 2013: E[Z] = pγ/(q − 1) = 6.25 · 15.44 / 2.74 = 35.22.
    TraitModel model = traitModel();
    LatentShopper shopper = new LatentShopper(model.categoryCount());
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < SHOPPERS; i++) {
      model.draw(SEED, i, shopper);
      SplittableRandom random = RandomDraws.stream(SEED, i, RandomDraws.Stream.PURCHASES);
      double z = model.transactionValue(random, shopper);
      sum += z;
      squares += z * z;
    }
    double mean = sum / SHOPPERS;
    double standardError = Math.sqrt((squares / SHOPPERS - mean * mean) / SHOPPERS);
    double expected = GammaGammaParameters.CDNOW.meanTransactionValue();
    assertThat(expected).isCloseTo(35.22, within(0.01));
    assertThat(mean).isCloseTo(expected, within(4 * standardError));
  }

  @Test
  void shoppersMeanTransactionValuesAverageToThePopulationMean() {
    TraitModel model = traitModel();
    LatentShopper shopper = new LatentShopper(model.categoryCount());
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < SHOPPERS; i++) {
      model.draw(SEED, i, shopper);
      double m = model.meanTransactionValue(shopper);
      sum += m;
      squares += m * m;
    }
    double mean = sum / SHOPPERS;
    double standardError = Math.sqrt((squares / SHOPPERS - mean * mean) / SHOPPERS);
    assertThat(mean)
        .isCloseTo(GammaGammaParameters.CDNOW.meanTransactionValue(), within(4 * standardError));
  }

  @Test
  void categorySharesOfEveryShopperSumToOneAndAverageToTheChainsShares() {
    TraitModel model = traitModel();
    LatentShopper shopper = new LatentShopper(model.categoryCount());
    double[] average = new double[model.categoryCount()];
    int n = 5_000;
    for (int i = 0; i < n; i++) {
      model.draw(SEED, i, shopper);
      double total = 0;
      for (int c = 0; c < average.length; c++) {
        total += shopper.categoryShares[c];
        average[c] += shopper.categoryShares[c] / n;
      }
      assertThat(total).isCloseTo(1.0, within(1e-9));
    }
    // a Dirichlet's mean is its base measure, so the population buys in the chain's mix
    for (int c = 0; c < average.length; c++) {
      assertThat(average[c]).isCloseTo(model.baseShare(c), within(0.25 * model.baseShare(c)));
    }
  }
}
