package org.tailor.server.coupon;

/**
 * The coupon to print with the receipt.
 *
 * @param messageId the coupon's message id, also its barcode
 * @param barcode the CODE128 value to print and to scan at redemption
 * @param text the coupon as plain text
 * @param escPos the coupon as ESC/POS commands, base64
 * @param offerCode the offer it is for
 * @param presentationId the recorded presentation a redemption quotes
 */
public record TillCoupon(
    String messageId,
    String barcode,
    String text,
    String escPos,
    String offerCode,
    String presentationId) {}
