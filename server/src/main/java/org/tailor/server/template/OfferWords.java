package org.tailor.server.template;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An offer as a message presents it, with its words already in the message's language.
 *
 * @param code the offer's code
 * @param headline the headline
 * @param body the text
 * @param discountPercent the discount in percent, or empty
 * @param discountAmount the fixed discount in the chain's currency, or empty
 * @param validUntil the last moment it may be redeemed
 */
public record OfferWords(
    String code,
    String headline,
    String body,
    Optional<BigDecimal> discountPercent,
    Optional<BigDecimal> discountAmount,
    Instant validUntil) {

  public OfferWords {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(headline, "headline");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(discountPercent, "discountPercent");
    Objects.requireNonNull(discountAmount, "discountAmount");
    Objects.requireNonNull(validUntil, "validUntil");
  }
}
