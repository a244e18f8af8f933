package org.tailor.plugin.host;

import java.time.Instant;
import java.util.Objects;

/**
 * One purchase line as {@link PurchaseLedger} streams it.
 *
 * @param loyaltyId the shopper who bought it
 * @param storeCode the store it was bought in
 * @param purchasedAt when
 * @param sku the product's stock-keeping unit
 * @param category the product's category path, such as {@code "grocery/coffee"}, or empty
 * @param quantity units bought; negative for a return
 */
public record LedgerLine(
    String loyaltyId,
    String storeCode,
    Instant purchasedAt,
    String sku,
    String category,
    int quantity) {

  public LedgerLine {
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(purchasedAt, "purchasedAt");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(category, "category");
  }
}
