package org.tailor.server.purchase;

import java.math.BigDecimal;

/**
 * One line of a {@link Receipt}.
 *
 * @param lineNumber its position on the receipt
 * @param sku the product's stock-keeping unit
 * @param productName the product's name
 * @param category the product's category path
 * @param quantity units; negative for a return
 * @param unitPrice the price of one unit
 * @param amount quantity times unit price
 */
public record ReceiptLine(
    int lineNumber,
    String sku,
    String productName,
    String category,
    int quantity,
    BigDecimal unitPrice,
    BigDecimal amount) {}
