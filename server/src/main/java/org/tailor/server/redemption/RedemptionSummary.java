package org.tailor.server.redemption;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * An offer a shopper redeemed, as the shopper 360 lists it.
 *
 * @param offerCode the offer
 * @param redeemedAt when
 * @param storeCode where
 * @param basketAmount the basket it was redeemed with
 * @param discountAmount the discount granted
 * @param presentationId the presentation it redeemed, when known
 */
public record RedemptionSummary(
    String offerCode,
    Instant redeemedAt,
    String storeCode,
    BigDecimal basketAmount,
    BigDecimal discountAmount,
    Optional<String> presentationId) {}
