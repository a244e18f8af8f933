package org.tailor.plugin.host;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Offers shown to a shopper at one moment.
 *
 * @param loyaltyId the shopper, or empty for a newcomer
 * @param storeCode where
 * @param terminalCode on which terminal, or empty
 * @param channel on which channel
 * @param shownAt when
 * @param offers the offers shown, in the order shown
 */
public record PresentationRecord(
    Optional<String> loyaltyId,
    String storeCode,
    Optional<String> terminalCode,
    String channel,
    Instant shownAt,
    List<ShownOffer> offers) {

  public PresentationRecord {
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(shownAt, "shownAt");
    offers = List.copyOf(offers);
  }
}
