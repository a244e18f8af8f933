package org.tailor.server.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.tailor.plugin.Decimals;
import org.tailor.server.offer.ActiveOffer;

/**
 * Fills the slots of a screen from scored offers, slot by slot: with probability {@code 1 − ε} the
 * best remaining offer, preferring a category not shown yet (diversity before score), otherwise a
 * uniformly random remaining offer (exploration). The probability of the offer placed in a slot is
 * therefore {@code (1 − ε)·[it is the best] + ε / n} for {@code n} remaining offers: always
 * positive, which off-policy evaluation needs.
 */
final class OfferRanking {

  private final double exploration;

  OfferRanking(double exploration) {
    if (!(exploration >= 0.0 && exploration < 1.0)) {
      throw new IllegalArgumentException("exploration must be in [0, 1), was " + exploration);
    }
    this.exploration = exploration;
  }

  List<RankedOffer> rank(ScoredOffers scored, int slots, RandomGenerator random) {
    // One scan of plain arrays per slot (slots are few): no streams, boxing or Optional per offer.
    int n = scored.size();
    List<ActiveOffer> offers = scored.offers();
    double[] scores = scored.scores();
    int[] remaining = new int[n]; // positions in scored, in their order
    String[] categories = new String[n];
    for (int i = 0; i < n; i++) {
      remaining[i] = i;
      categories[i] = offers.get(i).category().orElse(null);
    }
    String[] shownCategories = new String[Math.min(slots, n)];
    int shown = 0;
    List<RankedOffer> ranked = new ArrayList<>(Math.min(slots, n));
    while (ranked.size() < slots && n > 0) {
      int best = best(offers, scores, remaining, categories, n, shownCategories, shown);
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosenIndex = explore ? random.nextInt(n) : best;
      int chosen = remaining[chosenIndex];
      double probability = (chosenIndex == best ? 1.0 - exploration : 0.0) + exploration / n;
      int rank = ranked.size() + 1;
      ranked.add(
          new RankedOffer(
              offers.get(chosen),
              rank,
              Math.min(1.0, probability),
              explore,
              explain(scores[chosen], scored.reasons(chosen), explore)));
      String category = categories[chosenIndex];
      System.arraycopy(remaining, chosenIndex + 1, remaining, chosenIndex, n - chosenIndex - 1);
      System.arraycopy(categories, chosenIndex + 1, categories, chosenIndex, n - chosenIndex - 1);
      n--;
      if (category != null) {
        shownCategories[shown++] = category;
      }
    }
    return ranked;
  }

  /**
   * The index in {@code remaining} of the best of its first {@code n} offers: one of a category not
   * shown yet before one of a shown category, then the higher score, then the lower code.
   */
  private static int best(
      List<ActiveOffer> offers,
      double[] scores,
      int[] remaining,
      String[] categories,
      int n,
      String[] shownCategories,
      int shown) {
    int best = 0;
    boolean bestNew = isNew(categories[0], shownCategories, shown);
    double bestScore = scores[remaining[0]];
    for (int i = 1; i < n; i++) {
      boolean isNew = isNew(categories[i], shownCategories, shown);
      if (isNew != bestNew) {
        if (isNew) {
          best = i;
          bestNew = true;
          bestScore = scores[remaining[i]];
        }
        continue;
      }
      double score = scores[remaining[i]];
      int compared = Double.compare(score, bestScore);
      if (compared > 0
          || (compared == 0
              && offers.get(remaining[i]).code().compareTo(offers.get(remaining[best]).code())
                  < 0)) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  private static boolean isNew(String category, String[] shownCategories, int shown) {
    if (category == null) {
      return true;
    }
    for (int i = 0; i < shown; i++) {
      if (category.equals(shownCategories[i])) {
        return false;
      }
    }
    return true;
  }

  private static String explain(double score, String reasons, boolean explored) {
    return (explored ? "exploration; " : "")
        + "score "
        + Decimals.fixed(score, 3)
        + "; "
        + (reasons.isEmpty() ? "no plugin scored it" : reasons);
  }
}
