package org.tailor.server.decision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

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

  List<RankedOffer> rank(List<ScoredOffer> scored, int slots, RandomGenerator random) {
    // One scan of plain arrays per slot (slots are few): no streams, boxing or Optional per offer.
    int n = scored.size();
    ScoredOffer[] remaining = scored.toArray(new ScoredOffer[0]);
    String[] categories = new String[n];
    for (int i = 0; i < n; i++) {
      categories[i] = remaining[i].offer().category().orElse(null);
    }
    Set<String> shownCategories = new HashSet<>();
    List<RankedOffer> ranked = new ArrayList<>(Math.min(slots, n));
    while (ranked.size() < slots && n > 0) {
      int best = best(remaining, categories, n, shownCategories);
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosenIndex = explore ? random.nextInt(n) : best;
      ScoredOffer chosen = remaining[chosenIndex];
      double probability = (chosenIndex == best ? 1.0 - exploration : 0.0) + exploration / n;
      int rank = ranked.size() + 1;
      ranked.add(
          new RankedOffer(
              chosen.offer(), rank, Math.min(1.0, probability), explore, explain(chosen, explore)));
      String category = categories[chosenIndex];
      System.arraycopy(remaining, chosenIndex + 1, remaining, chosenIndex, n - chosenIndex - 1);
      System.arraycopy(categories, chosenIndex + 1, categories, chosenIndex, n - chosenIndex - 1);
      n--;
      if (category != null) {
        shownCategories.add(category);
      }
    }
    return ranked;
  }

  /**
   * The index of the best of the first {@code n} offers: one of a category not shown yet before one
   * of a shown category, then the higher score, then the lower code.
   */
  private static int best(
      ScoredOffer[] offers, String[] categories, int n, Set<String> shownCategories) {
    boolean anyShown = !shownCategories.isEmpty();
    int best = 0;
    boolean bestNew =
        !anyShown || categories[0] == null || !shownCategories.contains(categories[0]);
    double bestScore = offers[0].score();
    for (int i = 1; i < n; i++) {
      boolean isNew =
          !anyShown || categories[i] == null || !shownCategories.contains(categories[i]);
      if (isNew != bestNew) {
        if (isNew) {
          best = i;
          bestNew = true;
          bestScore = offers[i].score();
        }
        continue;
      }
      double score = offers[i].score();
      int compared = Double.compare(score, bestScore);
      if (compared > 0
          || (compared == 0
              && offers[i].offer().code().compareTo(offers[best].offer().code()) < 0)) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  private static String explain(ScoredOffer offer, boolean explored) {
    String score = String.format(java.util.Locale.ROOT, "score %.3f", offer.score());
    String reasons = offer.reasons().isEmpty() ? "no plugin scored it" : offer.reasons();
    return (explored ? "exploration; " : "") + score + "; " + reasons;
  }
}
