package org.tailor.scoring.value.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgNbdModelTest {

  /** FHL 2005's CDNOW estimates (REFERENCES.md 1a). */
  private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

  @Test
  void logLikelihoodOfAOneTimeBuyerIsTheChanceOfNoPurchaseUntilT() {
    // r = alpha = a = b = 1, x = 0, T = 10: L = (alpha / (alpha + T))^r = 1/11.
    BgNbdModel ones = new BgNbdModel(1, 1, 1, 1);
    assertThat(ones.logLikelihood(0, 0, 10)).isCloseTo(-Math.log(11), within(1e-12));
  }

  @Test
  void logLikelihoodOfARepeatBuyerMatchesTheHandComputedValue() {
    // x = 1, t_x = 5, T = 10, all parameters 1:
    // L = G(2)/G(1) * 1/11^2 * B(1,2)/B(1,1) * (1 + 1/1 * (11/6)^2) = (1/242) * (157/36).
    BgNbdModel ones = new BgNbdModel(1, 1, 1, 1);
    assertThat(ones.logLikelihood(1, 5, 10)).isCloseTo(Math.log(157.0 / 8712), within(1e-12));
  }

  @Test
  void groupedLikelihoodEqualsTheSumOverShoppers() {
    RepeatPurchases data =
        RepeatPurchases.of(
            new int[] {0, 0, 1, 1, 3},
            new double[] {0, 0, 5, 5, 8},
            new double[] {10, 10, 10, 10, 9});
    assertThat(data.groups()).isEqualTo(3);
    assertThat(data.customers()).isEqualTo(5);
    double bySum =
        2 * CDNOW.logLikelihood(0, 0, 10)
            + 2 * CDNOW.logLikelihood(1, 5, 10)
            + CDNOW.logLikelihood(3, 8, 9);
    assertThat(BgNbd.logLikelihood(data, CDNOW)).isCloseTo(bySum, within(1e-10));
  }

  @Test
  void expectedPurchasesForANewShopperMatchHardiesSpreadsheet() {
    // lifetimes tests/test_estimation.py lines 541-548 ("Hardie excel sheet"), computed there from
    // the fitted parameters and compared to 3 decimals (assert_array_almost_equal, decimal=3), as
    // here: the spreadsheet's own parameters are not published beyond 4 digits.
    BgNbdModel fitted = new BgNbdModel(0.2425982, 4.4136842, 0.7929899, 2.4261667);
    assertThat(fitted.expectedPurchases(1)).isCloseTo(0.0532, within(1e-3));
    assertThat(fitted.expectedPurchases(3)).isCloseTo(0.1506, within(1e-3));
    assertThat(fitted.expectedPurchases(32)).isCloseTo(1.0437, within(1e-3));
    assertThat(fitted.expectedPurchases(78)).isCloseTo(1.8576, within(1e-3));
    assertThat(fitted.expectedPurchases(0)).isZero();
  }

  @Test
  void shopperWithNoRepeatPurchaseIsCertainlyAliveAndExpectedToBuyLessThanANewOne() {
    CustomerSummary once = CustomerSummary.oneTimeBuyer("c", 30);
    // BG/NBD: no repeat purchase means no chance to have dropped out yet.
    assertThat(CDNOW.probabilityAlive(once)).isEqualTo(1.0);
    double expected = CDNOW.conditionalExpectedPurchases(39, once);
    assertThat(expected).isPositive().isLessThan(CDNOW.expectedPurchases(39));
  }

  @Test
  void conditionalExpectationMatchesLifetimes() {
    // lifetimes tests/test_estimation.py lines 530-539: x=2, t_x=30.43, T=38.86, t=39 -> 1.226.
    CustomerSummary shopper = new CustomerSummary("c", 2, 30.43, 38.86, 0);
    assertThat(CDNOW.conditionalExpectedPurchases(39, shopper)).isCloseTo(1.226, within(1e-3));
  }

  @Test
  void severalPurchasesOnOneDayCountOnceAndTheirAmountsAdd() {
    CalibrationSummaries calibration = new CalibrationSummaries();
    LocalDate day = LocalDate.of(2024, 1, 1);
    calibration.add("ana", day, 10);
    calibration.add("ana", day.plusDays(14), 5);
    calibration.add("ana", day.plusDays(14), 7);
    calibration.add("ana", day.plusDays(14), 3);
    calibration.add("bo", day.plusDays(7), 4);
    calibration.add("bo", day.plusDays(7), 4);
    calibration.add("late", day.plusDays(40), 4);
    List<CustomerSummary> summaries = calibration.summarise(day.plusDays(28));

    assertThat(summaries)
        .containsExactly(
            new CustomerSummary("ana", 1, 2.0, 4.0, 15.0),
            new CustomerSummary("bo", 0, 0.0, 3.0, 0.0));
    // Three purchases on one repeat day are one repeat purchase: the same as one purchase that day.
    CustomerSummary ana = summaries.get(0);
    assertThat(CDNOW.probabilityAlive(ana))
        .isEqualTo(CDNOW.probabilityAlive(new CustomerSummary("x", 1, 2.0, 4.0, 15.0)));
    assertThat(CDNOW.probabilityAlive(ana)).isBetween(0.0, 1.0);
  }

  @Test
  void lifetimeValueOfAShopperWithNoPurchaseUsesThePopulationSpend() {
    GammaGammaModel spend = new GammaGammaModel(6.25, 3.74, 15.44);
    LifetimeValue oneYear = new LifetimeValue(52, 0.0, 1.0, 0.0);
    CustomerSummary newcomer = CustomerSummary.oneTimeBuyer("new", 0);
    // With no discounting and full margin, CLV = E[Y(52)] * population mean spend.
    assertThat(oneYear.of(CDNOW, spend, newcomer))
        .isCloseTo(
            CDNOW.conditionalExpectedPurchases(52, newcomer) * spend.populationMeanSpend(),
            within(1e-9));
    // A positive discount rate lowers it; a cost per purchase above the margin makes it negative.
    assertThat(new LifetimeValue(52, 0.10, 1.0, 0.0).of(CDNOW, spend, newcomer))
        .isLessThan(oneYear.of(CDNOW, spend, newcomer));
    assertThat(new LifetimeValue(52, 0.10, 0.1, 10.0).of(CDNOW, spend, newcomer)).isNegative();
  }

  @Test
  void invalidParametersAndSummariesNameTheFieldTheValueAndTheExpectation() {
    assertThatThrownBy(() -> new BgNbdModel(0.2, -4, 0.8, 2.4))
        .isInstanceOf(ModelInputException.class)
        .hasMessage("alpha: \"-4.0\" is not valid; expected a finite number greater than 0.");
    assertThatThrownBy(() -> new CustomerSummary("c", -1, 0, 10, 0))
        .hasMessageContaining("frequency: \"-1\"")
        .hasMessageContaining("expected a whole number of 0 or more");
    assertThatThrownBy(() -> new CustomerSummary("c", 2, 12, 10, 0))
        .hasMessageContaining("recencyWeeks: \"12.0\"")
        .hasMessageContaining("at most the age in weeks (10.0)");
    assertThatThrownBy(
            () -> RepeatPurchases.of(new int[] {0, 2}, new double[] {0, 3}, new double[] {5, -1}))
        .isInstanceOf(ModelInputException.class)
        .hasMessageContaining("ageWeeks (shopper 2): \"-1.0\"");
    assertThatThrownBy(() -> CDNOW.expectedPurchases(Double.NaN))
        .hasMessageContaining("weeks: \"NaN\"");
    assertThatThrownBy(() -> new LifetimeValue(0, 0.1, 0.3, 0))
        .hasMessageContaining("horizonWeeks: \"0\"");
  }
}
