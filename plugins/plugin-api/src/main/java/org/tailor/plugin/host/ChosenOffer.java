package org.tailor.plugin.host;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One offer of a decision, with the words to show.
 *
 * @param offerCode the offer
 * @param rank 1 for the first offer
 * @param probability the probability with which the policy chose it, in (0, 1]
 * @param headline the headline in the decision's language
 * @param body the text in the decision's language
 * @param discountPercent the discount in percent, or empty
 * @param discountAmount the fixed discount in the chain's currency, or empty
 * @param validUntil the last moment the offer may be redeemed
 * @param explanation why it was chosen, for staff
 */
public record ChosenOffer(
    String offerCode,
    int rank,
    double probability,
    String headline,
    String body,
    Optional<BigDecimal> discountPercent,
    Optional<BigDecimal> discountAmount,
    Instant validUntil,
    String explanation) {

  public ChosenOffer {
    Objects.requireNonNull(offerCode, "offerCode");
    Objects.requireNonNull(headline, "headline");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(discountPercent, "discountPercent");
    Objects.requireNonNull(discountAmount, "discountAmount");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(explanation, "explanation");
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be 1 or more, was " + rank);
    }
    if (!(probability > 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException(
          "probability of offer " + offerCode + " must be in (0, 1], was " + probability);
    }
  }
}
