package org.tailor.plugin.host;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An offer redeemed at a till.
 *
 * @param messageId the terminal's unique id for this redemption; a repeat is counted once
 * @param presentationId the presentation it redeems, when the terminal knows it
 * @param offerCode the redeemed offer
 * @param loyaltyId the shopper, or empty when the till did not identify one
 * @param storeCode where
 * @param terminalCode the till, or empty
 * @param redeemedAt when
 * @param basketAmount the amount of the basket the offer was redeemed with
 */
public record RedemptionRecord(
    String messageId,
    Optional<String> presentationId,
    String offerCode,
    Optional<String> loyaltyId,
    String storeCode,
    Optional<String> terminalCode,
    Instant redeemedAt,
    BigDecimal basketAmount) {

  public RedemptionRecord {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(presentationId, "presentationId");
    Objects.requireNonNull(offerCode, "offerCode");
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(redeemedAt, "redeemedAt");
    Objects.requireNonNull(basketAmount, "basketAmount");
  }
}
