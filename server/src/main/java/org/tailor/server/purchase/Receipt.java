package org.tailor.server.purchase;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A purchase as the shopper 360 shows it: a till receipt with its lines.
 *
 * @param storeCode where it was bought
 * @param receiptNumber the POS receipt number
 * @param purchasedAt when
 * @param totalAmount the receipt's total; negative for a return
 * @param isReturn whether the receipt is a return
 * @param currency ISO 4217 code
 * @param lines the receipt's lines, by line number
 */
public record Receipt(
    String storeCode,
    String receiptNumber,
    Instant purchasedAt,
    BigDecimal totalAmount,
    boolean isReturn,
    String currency,
    List<ReceiptLine> lines) {

  public Receipt {
    lines = List.copyOf(lines);
  }
}
