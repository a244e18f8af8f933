package org.tailor.plugin.host;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for offers from a terminal or channel.
 *
 * @param identifier what the shopper identified with (loyalty id, card number, phone, QR payload),
 *     or empty for an anonymous shopper
 * @param storeCode the store asking
 * @param terminalCode the terminal asking, or empty
 * @param channel the channel the offers will be shown on, such as {@code "kiosk"}
 * @param at the moment of the request
 * @param maxOffers how many offers the terminal can show, 1 or more
 * @param language the language the terminal shows when the shopper has none (BCP 47), or empty
 */
public record DecisionRequest(
    Optional<String> identifier,
    String storeCode,
    Optional<String> terminalCode,
    String channel,
    Instant at,
    int maxOffers,
    Optional<String> language) {

  public DecisionRequest {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(language, "language");
    if (maxOffers < 1) {
      throw new IllegalArgumentException("maxOffers must be 1 or more, was " + maxOffers);
    }
  }
}
