package org.tailor.terminal.protocol;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An offer redeemed at a till. Sent with QoS 1 and resent until acknowledged; the server counts a
 * repeated {@code messageId} once.
 *
 * @param messageId unique per redemption (a UUID made when the redemption happened)
 * @param presentationId the presentation it redeems, optional
 * @param offerCode the offer redeemed
 * @param identifier the shopper, optional
 * @param redeemedAt when it happened at the till (not when it was sent)
 * @param basketAmount the basket total the offer was redeemed with, 0 or more
 */
public record RedemptionMessage(
    String messageId,
    String presentationId,
    String offerCode,
    ShopperIdentifier identifier,
    Instant redeemedAt,
    BigDecimal basketAmount) {}
