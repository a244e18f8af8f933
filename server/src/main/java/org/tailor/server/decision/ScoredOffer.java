package org.tailor.server.decision;

import java.util.Objects;
import java.util.function.Supplier;
import org.tailor.server.offer.ActiveOffer;

/**
 * An eligible offer with its combined score.
 *
 * @param offer the offer
 * @param score the weighted sum of the scoring plugins' scores (0 when none scored it)
 * @param explained the plugins' reasons, put into words only when asked for (only the offers chosen
 *     are): {@link #reasons()}
 */
record ScoredOffer(ActiveOffer offer, double score, Supplier<String> explained) {
  ScoredOffer {
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(explained, "explained");
  }

  ScoredOffer(ActiveOffer offer, double score, String reasons) {
    this(offer, score, () -> reasons);
  }

  /** The plugins' reasons, such as {@code "history +1.200×1.00: bought coffee 6 times"}. */
  String reasons() {
    return Objects.requireNonNull(explained.get(), "reasons");
  }
}
