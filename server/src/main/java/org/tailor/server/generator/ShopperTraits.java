package org.tailor.server.generator;

import java.util.Map;
import java.util.Objects;

/**
 * A generated shopper's hidden parameters: the truth a model fitted on the generated purchases
 * should recover, and what the ground-truth offer response depends on.
 *
 * @param loyaltyId the shopper's loyalty id, such as {@code L000000042}
 * @param shopperIndex the shopper's index, loyalty id number minus one
 * @param purchaseRatePerWeek λ, purchases per week while alive (BG/NBD)
 * @param dropoutProbability p, the chance of dropping out after each repeat purchase (BG/NBD)
 * @param meanTransactionValue p/ν, the mean spend per receipt (Gamma-Gamma)
 * @param yearlyValue what the shopper spends in a year while alive, λ · 52.18 · p/ν
 * @param valueTier 1 (lowest fifth of the population by yearly value) to 5 (highest fifth)
 * @param responsiveness the shopper's own offer responsiveness, in log-odds
 * @param categoryShares the shopper's share of purchase lines per category path; sums to 1
 */
public record ShopperTraits(
    String loyaltyId,
    long shopperIndex,
    double purchaseRatePerWeek,
    double dropoutProbability,
    double meanTransactionValue,
    double yearlyValue,
    int valueTier,
    double responsiveness,
    Map<String, Double> categoryShares) {

  public ShopperTraits {
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    categoryShares = Map.copyOf(categoryShares);
  }
}
