package org.tailor.server.purchase;

import java.math.BigDecimal;

/**
 * What a shopper spent on one product category (returns deducted).
 *
 * @param category the category path, such as {@code "grocery/coffee"}
 * @param amount the net amount spent
 * @param units the net number of units bought
 */
public record CategorySpend(String category, BigDecimal amount, long units) {}
