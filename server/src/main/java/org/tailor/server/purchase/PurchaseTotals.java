package org.tailor.server.purchase;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A shopper's purchase history in three numbers, the raw material of RFM.
 *
 * @param lastPurchaseAt the moment of the latest purchase that was not a return, if any
 * @param purchases the number of receipts that were not returns
 * @param netSpend the total of all receipts, returns deducted
 */
public record PurchaseTotals(
    Optional<Instant> lastPurchaseAt, long purchases, BigDecimal netSpend) {

  public PurchaseTotals {
    Objects.requireNonNull(lastPurchaseAt, "lastPurchaseAt");
    Objects.requireNonNull(netSpend, "netSpend");
    if (purchases < 0) {
      throw new IllegalArgumentException("purchases must be 0 or more, was " + purchases);
    }
  }
}
