package org.tailor.server.purchase;

import java.util.List;
import java.util.Objects;

/**
 * What a shopper's purchases add up to: the totals of all their history, the raw material of RFM,
 * and the categories they spend most on lately.
 *
 * @param totals last purchase, number of purchases and net spend over all their history
 * @param topCategories categories by net spend over a recent window, highest first
 */
public record PurchaseSummary(PurchaseTotals totals, List<CategorySpend> topCategories) {

  public PurchaseSummary {
    Objects.requireNonNull(totals, "totals");
    topCategories = List.copyOf(topCategories);
  }
}
