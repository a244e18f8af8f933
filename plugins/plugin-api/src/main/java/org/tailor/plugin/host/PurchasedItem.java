package org.tailor.plugin.host;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One receipt line.
 *
 * @param sku the product's stock-keeping unit
 * @param category the product's category path, such as {@code "grocery/coffee"}, or empty
 * @param quantity units bought; negative for a return
 * @param amount the line's amount in the chain's currency (quantity times unit price)
 */
public record PurchasedItem(String sku, String category, int quantity, BigDecimal amount) {

  public PurchasedItem {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(amount, "amount");
  }
}
