package org.tailor.plugin.host;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One purchase (a till receipt) as plugins see it.
 *
 * @param receiptNumber the POS receipt or invoice number, unique within the store
 * @param storeCode the store it was bought in
 * @param purchasedAt when
 * @param lines what was bought; a return has negative quantities
 */
public record PurchaseRecord(
    String receiptNumber, String storeCode, Instant purchasedAt, List<PurchasedItem> lines) {

  public PurchaseRecord {
    Objects.requireNonNull(receiptNumber, "receiptNumber");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(purchasedAt, "purchasedAt");
    lines = List.copyOf(lines);
  }
}
