package org.tailor.plugin;

import java.util.Objects;

/**
 * A scoring plugin's opinion of one candidate offer.
 *
 * @param offerCode the candidate's code
 * @param score higher is better; the host's policy decides how scores of different plugins combine
 * @param reason a short explanation for staff, such as {@code "bought coffee 6 times in 90 days"}
 */
public record OfferScore(String offerCode, double score, String reason) {

  public OfferScore {
    Objects.requireNonNull(offerCode, "offerCode");
    Objects.requireNonNull(reason, "reason");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException(
          "score for offer " + offerCode + " must be a finite number, was " + score);
    }
  }
}
