package org.tailor.server.coupon;

import java.math.BigDecimal;

/**
 * One line of the basket the till sends at checkout.
 *
 * @param sku the product
 * @param quantity how many (negative for a return)
 * @param amount what the line costs
 */
public record BasketLine(String sku, Integer quantity, BigDecimal amount) {}
