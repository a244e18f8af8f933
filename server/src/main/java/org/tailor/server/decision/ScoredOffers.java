package org.tailor.server.decision;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.tailor.server.offer.ActiveOffer;
import org.tailor.server.offer.OfferCatalogueCache.ActiveOffers;

/**
 * The eligible offers of one decision with their combined scores, by position.
 *
 * @param offers the offers
 * @param scores the weighted sum of the scoring plugins' scores of each offer (0 when none scored
 *     it)
 * @param categories the category of each offer as a number, the same for offers of the same
 *     category, -1 for a store-wide one (read, never changed: the catalogue shares it between
 *     decisions)
 * @param reasons the plugins' reasons for the offer at a position, such as {@code "history
 *     +1.200×1.00: bought coffee 6 times"}, or an empty string when no plugin scored it; asked for
 *     only for the offers chosen
 * @param inCodeOrder whether the offers' codes are known to ascend strictly ({@link
 *     String#compareTo}), so that of two offers with equal scores the one at the lower position has
 *     the lower code
 */
record ScoredOffers(
    List<ActiveOffer> offers,
    double[] scores,
    int[] categories,
    IntFunction<String> reasons,
    boolean inCodeOrder) {

  static final ScoredOffers NONE = new ScoredOffers(List.of(), new double[0], index -> "");

  /** Offers in no known order of their codes. */
  ScoredOffers(List<ActiveOffer> offers, double[] scores, IntFunction<String> reasons) {
    this(offers, scores, reasons, false);
  }

  /** Offers whose categories are found now. */
  ScoredOffers(
      List<ActiveOffer> offers, double[] scores, IntFunction<String> reasons, boolean inCodeOrder) {
    this(offers, scores, ActiveOffers.categoryNumbers(offers, Map.of()), reasons, inCodeOrder);
  }

  ScoredOffers {
    Objects.requireNonNull(offers, "offers");
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(categories, "categories");
    Objects.requireNonNull(reasons, "reasons");
    if (offers.size() != scores.length) {
      throw new IllegalArgumentException(
          scores.length + " scores for " + offers.size() + " offers");
    }
    if (offers.size() != categories.length) {
      throw new IllegalArgumentException(
          categories.length + " categories for " + offers.size() + " offers");
    }
  }

  int size() {
    return scores.length;
  }

  /** The plugins' reasons for the offer at {@code index}, put into words now. */
  String reasons(int index) {
    return Objects.requireNonNull(reasons.apply(index), "reasons");
  }
}
