package org.tailor.server.decision;

import java.util.Objects;
import org.tailor.server.offer.ActiveOffer;

/**
 * An eligible offer with its combined score.
 *
 * @param offer the offer
 * @param score the weighted sum of the scoring plugins' scores (0 when none scored it)
 * @param reasons the plugins' reasons, such as {@code "history +1.20: bought coffee 6 times"}
 */
record ScoredOffer(ActiveOffer offer, double score, String reasons) {
  ScoredOffer {
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(reasons, "reasons");
  }
}
