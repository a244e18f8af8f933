package org.tailor.plugin;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * An offer that passed eligibility and may be shown, as scoring plugins see it.
 *
 * @param offerCode the offer's stable code, such as {@code "spring-10"}
 * @param category the product category the offer promotes, or empty for a store-wide offer
 * @param discountPercent the discount in percent of the price, or empty for a fixed-amount offer
 * @param discountAmount the fixed discount in the chain's currency, or empty for a percentage
 * @param campaignCode the campaign the offer belongs to, or empty
 */
public record CandidateOffer(
    String offerCode,
    Optional<String> category,
    Optional<BigDecimal> discountPercent,
    Optional<BigDecimal> discountAmount,
    Optional<String> campaignCode) {

  public CandidateOffer {
    Objects.requireNonNull(offerCode, "offerCode");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(discountPercent, "discountPercent");
    Objects.requireNonNull(discountAmount, "discountAmount");
    Objects.requireNonNull(campaignCode, "campaignCode");
  }
}
