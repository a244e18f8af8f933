package org.tailor.scoring.value.tier;

/**
 * Where a shopper stands by value, after Peppers &amp; Rogers' customer differentiation: the most
 * valuable customers to keep, the most growable ones to develop, and the "below zero" ones who cost
 * the chain more than they bring; plus shoppers slipping away and newcomers the models know nothing
 * about yet.
 */
public enum ValueTier {
  /** Lifetime value at or above the chain's "most valuable" threshold: keep, do not over-reward. */
  MOST_VALUABLE,
  /** Likely still a customer, but spends or buys below their potential: develop. */
  MOST_GROWABLE,
  /** Had repeat purchases but is probably slipping away: win back. */
  AT_RISK,
  /** Neither of the above: a steady shopper. */
  STEADY,
  /** Expected lifetime value below zero (returns, or serving costs above margin): no discounts. */
  BELOW_ZERO,
  /** No purchase history yet: judged by the population's expectations. */
  NEWCOMER
}
