package org.tailor.plugin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking for offers, where and when.
 *
 * @param shopper the identified shopper, or empty for a newcomer the chain does not know yet
 * @param storeCode the store the terminal stands in
 * @param terminalCode the terminal asking, or empty when the request does not come from one
 * @param channel the channel the offers will be shown on, such as {@code "kiosk"}
 * @param at the moment of the request
 */
public record DecisionContext(
    Optional<ShopperProfile> shopper,
    String storeCode,
    Optional<String> terminalCode,
    String channel,
    Instant at) {

  public DecisionContext {
    Objects.requireNonNull(shopper, "shopper");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
  }
}
