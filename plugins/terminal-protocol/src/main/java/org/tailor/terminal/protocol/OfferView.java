package org.tailor.terminal.protocol;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One offer as a terminal shows it.
 *
 * @param code the offer code, quoted by a redemption
 * @param rank 1 for the first
 * @param headline in the reply's language
 * @param body in the reply's language
 * @param discountPercent optional
 * @param discountAmount optional
 * @param validUntil last moment it may be redeemed
 */
public record OfferView(
    String code,
    int rank,
    String headline,
    String body,
    BigDecimal discountPercent,
    BigDecimal discountAmount,
    Instant validUntil) {}
