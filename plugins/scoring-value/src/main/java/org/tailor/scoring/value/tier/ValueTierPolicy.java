package org.tailor.scoring.value.tier;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.GammaGammaModel;
import org.tailor.scoring.value.lifetime.LifetimeValue;
import org.tailor.scoring.value.lifetime.ModelInputException;
import org.tailor.scoring.value.lifetime.RepeatPurchaseModel;

/**
 * Puts a shopper in a {@link ValueTier} and says how deep a discount suits that tier, so that
 * discount depth follows value:
 *
 * <ul>
 *   <li>{@code BELOW_ZERO}: lifetime value below 0 &rarr; no discount (target 0 %);
 *   <li>{@code NEWCOMER}: no purchase yet &rarr; a welcoming discount;
 *   <li>{@code MOST_VALUABLE}: lifetime value &ge; {@code mostValuableFrom} &rarr; a shallow
 *       discount: they buy anyway, a deep one only gives margin away;
 *   <li>{@code AT_RISK}: repeat buyer with P(alive) &lt; {@code atRiskBelow} &rarr; the deepest
 *       discount, to win them back;
 *   <li>{@code MOST_GROWABLE}: P(alive) &ge; {@code growableFrom} and expected spend per purchase
 *       below the population's mean &rarr; a deep discount to grow the basket;
 *   <li>{@code STEADY}: everyone else &rarr; a middling discount.
 * </ul>
 *
 * @param mostValuableFrom the lifetime value from which a shopper is most valuable
 * @param growableFrom the P(alive) from which a shopper with a small basket is most growable
 * @param atRiskBelow the P(alive) below which a repeat buyer is at risk
 * @param targetDiscountPercent the discount depth that suits each tier, in percent
 */
public record ValueTierPolicy(
    double mostValuableFrom,
    double growableFrom,
    double atRiskBelow,
    Map<ValueTier, Double> targetDiscountPercent) {

  public ValueTierPolicy {
    if (!Double.isFinite(mostValuableFrom)) {
      throw new ModelInputException("mostValuableFrom", mostValuableFrom, "a finite amount");
    }
    probability("growableFrom", growableFrom);
    probability("atRiskBelow", atRiskBelow);
    Objects.requireNonNull(targetDiscountPercent, "targetDiscountPercent");
    for (ValueTier tier : ValueTier.values()) {
      Double target = targetDiscountPercent.get(tier);
      if (target == null || !(target >= 0 && target <= 100)) {
        throw new ModelInputException(
            "targetDiscountPercent." + tier, target, "a percentage from 0 to 100");
      }
    }
    targetDiscountPercent = Map.copyOf(new EnumMap<>(targetDiscountPercent));
  }

  private static void probability(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ModelInputException(field, value, "a probability from 0 to 1");
    }
  }

  /** The discount depth that suits {@code tier}, in percent. */
  public double targetDiscountPercent(ValueTier tier) {
    return targetDiscountPercent.get(tier);
  }

  /** Values a shopper with history {@code customer} and puts them in a tier. */
  public ShopperValue assess(
      CustomerSummary customer,
      boolean hasHistory,
      RepeatPurchaseModel purchases,
      GammaGammaModel spend,
      LifetimeValue lifetimeValue) {
    LifetimeValue.Forecast forecast = lifetimeValue.forecast(purchases, spend, customer);
    double clv = forecast.value();
    double alive = forecast.probabilityAlive();
    double expectedPurchases = forecast.expectedPurchases();
    double spendPerPurchase =
        spend.conditionalExpectedSpend(customer.frequency(), customer.meanRepeatSpend());
    ValueTier tier;
    if (!hasHistory) {
      tier = ValueTier.NEWCOMER;
    } else if (clv < 0) {
      tier = ValueTier.BELOW_ZERO;
    } else if (clv >= mostValuableFrom) {
      tier = ValueTier.MOST_VALUABLE;
    } else if (customer.frequency() > 0 && alive < atRiskBelow) {
      tier = ValueTier.AT_RISK;
    } else if (alive >= growableFrom && spendPerPurchase < spend.populationMeanSpend()) {
      tier = ValueTier.MOST_GROWABLE;
    } else {
      tier = ValueTier.STEADY;
    }
    return new ShopperValue(customer, clv, alive, expectedPurchases, spendPerPurchase, tier);
  }
}
