package org.tailor.scoring.value.lifetime;

/**
 * A buy-till-you-die model of how often a shopper buys and whether they are still a customer:
 * {@link BgNbdModel} or {@link ParetoNbdModel}. Times are in weeks.
 */
public sealed interface RepeatPurchaseModel permits BgNbdModel, ParetoNbdModel {

  /** Expected purchases in the first {@code weeks} after a new shopper's first purchase. */
  double expectedPurchases(double weeks);

  /** Expected purchases in the next {@code weeks} of a shopper with this history. */
  double conditionalExpectedPurchases(double weeks, CustomerSummary customer);

  /**
   * {@link #conditionalExpectedPurchases} with the shopper's {@link #probabilityAlive} already
   * known, so that a forecast week by week computes it once: the same number for {@code alive} =
   * {@code probabilityAlive(customer)}.
   */
  double conditionalExpectedPurchases(double weeks, CustomerSummary customer, double alive);

  /** The probability that the shopper is still a customer. */
  double probabilityAlive(CustomerSummary customer);
}
