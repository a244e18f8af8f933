package org.tailor.scoring.value.lifetime;

import java.util.Objects;

/**
 * A shopper's customer lifetime value: the discounted margin of the purchases a {@link
 * RepeatPurchaseModel} expects over a horizon, each worth the spend the {@link GammaGammaModel}
 * expects of this shopper (Fader, Hardie &amp; Lee 2005, "RFM and CLV", eq. 1, in discrete weekly
 * steps): CLV = &Sigma;<sub>w=1..H</sub> (E[Y(w)] &minus; E[Y(w&minus;1)]) &middot; E[M] &middot;
 * margin / (1 + d)<sup>w/52</sup>.
 *
 * @param horizonWeeks how far ahead, in weeks (1 to 520)
 * @param annualDiscountRate the yearly discount rate d, such as 0.10 for 10 %
 * @param marginShare the share of spend the chain keeps as margin, from 0 to 1
 * @param costPerPurchase what serving one purchase costs the chain (for example a loyalty reward),
 *     subtracted from each purchase's margin; may make the value negative
 */
public record LifetimeValue(
    int horizonWeeks, double annualDiscountRate, double marginShare, double costPerPurchase) {

  private static final double WEEKS_PER_YEAR = 52.0;

  public LifetimeValue {
    if (horizonWeeks < 1 || horizonWeeks > 520) {
      throw new ModelInputException("horizonWeeks", horizonWeeks, "a whole number from 1 to 520");
    }
    if (!(annualDiscountRate >= 0 && annualDiscountRate <= 1)) {
      throw new ModelInputException("annualDiscountRate", annualDiscountRate, "from 0 to 1");
    }
    if (!(marginShare >= 0 && marginShare <= 1)) {
      throw new ModelInputException("marginShare", marginShare, "from 0 to 1");
    }
    ModelInputException.nonNegative("costPerPurchase", costPerPurchase);
  }

  /** The lifetime value of a shopper with history {@code customer}. */
  public double of(RepeatPurchaseModel purchases, GammaGammaModel spend, CustomerSummary customer) {
    return forecast(purchases, spend, customer).value();
  }

  /**
   * The lifetime value and what it is made of, for one shopper.
   *
   * @param value the lifetime value, as {@link #of}
   * @param probabilityAlive the shopper's {@link RepeatPurchaseModel#probabilityAlive}
   * @param expectedPurchases the purchases expected over the horizon, {@link
   *     RepeatPurchaseModel#conditionalExpectedPurchases} of {@link #horizonWeeks}
   */
  public record Forecast(double value, double probabilityAlive, double expectedPurchases) {}

  /**
   * The lifetime value of a shopper with history {@code customer} with their probability of being
   * alive and the purchases expected over the horizon, in one pass over the weeks (the same numbers
   * as computed one by one).
   */
  public Forecast forecast(
      RepeatPurchaseModel purchases, GammaGammaModel spend, CustomerSummary customer) {
    Objects.requireNonNull(purchases, "purchases");
    Objects.requireNonNull(spend, "spend");
    double alive = purchases.probabilityAlive(customer);
    double perPurchase =
        spend.conditionalExpectedSpend(customer.frequency(), customer.meanRepeatSpend())
                * marginShare
            - costPerPurchase;
    double value = 0;
    double before = 0;
    for (int week = 1; week <= horizonWeeks; week++) {
      double upTo = purchases.conditionalExpectedPurchases(week, customer, alive);
      value +=
          (upTo - before) * perPurchase / Math.pow(1 + annualDiscountRate, week / WEEKS_PER_YEAR);
      before = upTo;
    }
    return new Forecast(value, alive, before);
  }
}
