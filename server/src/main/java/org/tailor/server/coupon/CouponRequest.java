package org.tailor.server.coupon;

import java.util.List;

/**
 * What the till sends at checkout: who is buying and what.
 *
 * @param identifier the shopper's loyalty id, card number, phone or QR payload
 * @param receiptNumber the receipt being printed
 * @param basket the lines of the receipt
 */
public record CouponRequest(String identifier, String receiptNumber, List<BasketLine> basket) {}
