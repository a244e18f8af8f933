package org.tailor.plugin.host;

import java.util.Objects;

/**
 * One offer of a presentation.
 *
 * @param offerCode the offer
 * @param rank 1 for the first offer shown
 * @param probability the probability with which the policy chose this offer, in (0, 1]
 * @param explanation why it was chosen, for staff
 */
public record ShownOffer(String offerCode, int rank, double probability, String explanation) {

  public ShownOffer {
    Objects.requireNonNull(offerCode, "offerCode");
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
