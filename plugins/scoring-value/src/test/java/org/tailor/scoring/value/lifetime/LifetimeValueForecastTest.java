package org.tailor.scoring.value.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LifetimeValueForecastTest {

  private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);

  /**
   * The one-pass forecast, which computes P(alive) once, gives the very numbers (bit for bit) of
   * the lifetime value summed week by week from {@link
   * RepeatPurchaseModel#conditionalExpectedPurchases(double, CustomerSummary)}, of that P(alive)
   * and of the purchases expected over the horizon, for both models and many shoppers.
   */
  @Test
  void theForecastGivesTheNumbersComputedOneByOne() {
    SplittableRandom random = new SplittableRandom(17);
    RepeatPurchaseModel[] models = {
      new BgNbdModel(0.243, 4.414, 0.793, 2.426), new ParetoNbdModel(0.55, 10.58, 0.61, 11.67)
    };
    for (int i = 0; i < 2_000; i++) {
      RepeatPurchaseModel model = models[i % 2];
      LifetimeValue lifetime =
          new LifetimeValue(
              random.nextInt(1, 105),
              random.nextDouble(0, 0.3),
              random.nextDouble(0.05, 1),
              random.nextDouble(0, 2));
      int frequency = random.nextInt(0, 30);
      double age = random.nextInt(0, 400) / 7.0;
      double recency = frequency == 0 ? 0 : random.nextInt(0, (int) (age * 7) + 1) / 7.0;
      double mean = frequency == 0 ? 0 : random.nextDouble(1, 200);
      CustomerSummary customer = new CustomerSummary("c" + i, frequency, recency, age, mean);

      LifetimeValue.Forecast forecast = lifetime.forecast(model, SPEND, customer);

      assertThat(forecast.value()).isEqualTo(weekByWeek(lifetime, model, customer));
      assertThat(forecast.value()).isEqualTo(lifetime.of(model, SPEND, customer));
      assertThat(forecast.probabilityAlive()).isEqualTo(model.probabilityAlive(customer));
      assertThat(forecast.expectedPurchases())
          .isEqualTo(model.conditionalExpectedPurchases(lifetime.horizonWeeks(), customer));
    }
  }

  /** The lifetime value as it was computed before the one-pass forecast. */
  private static double weekByWeek(
      LifetimeValue lifetime, RepeatPurchaseModel purchases, CustomerSummary customer) {
    double perPurchase =
        SPEND.conditionalExpectedSpend(customer.frequency(), customer.meanRepeatSpend())
                * lifetime.marginShare()
            - lifetime.costPerPurchase();
    double value = 0;
    double before = 0;
    for (int week = 1; week <= lifetime.horizonWeeks(); week++) {
      double upTo = purchases.conditionalExpectedPurchases(week, customer);
      value +=
          (upTo - before) * perPurchase / Math.pow(1 + lifetime.annualDiscountRate(), week / 52.0);
      before = upTo;
    }
    return value;
  }
}
