package org.tailor.scoring.value.tier;

import java.util.Objects;
import org.tailor.scoring.value.lifetime.CustomerSummary;

/**
 * What the models say about one shopper.
 *
 * @param summary the shopper's purchase history summary
 * @param lifetimeValue the expected discounted margin over the horizon, in the chain's currency
 * @param probabilityAlive the probability the shopper is still a customer
 * @param expectedPurchases the purchases expected over the horizon
 * @param expectedSpendPerPurchase the spend expected of each purchase
 * @param tier the value tier
 */
public record ShopperValue(
    CustomerSummary summary,
    double lifetimeValue,
    double probabilityAlive,
    double expectedPurchases,
    double expectedSpendPerPurchase,
    ValueTier tier) {

  public ShopperValue {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(tier, "tier");
  }
}
