package org.tailor.server.decision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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

  private static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparing((Candidate c) -> !c.newCategory)
          .thenComparing(c -> -c.scored.score())
          .thenComparing(c -> c.scored.offer().code());

  private final double exploration;

  OfferRanking(double exploration) {
    if (!(exploration >= 0.0 && exploration < 1.0)) {
      throw new IllegalArgumentException("exploration must be in [0, 1), was " + exploration);
    }
    this.exploration = exploration;
  }

  List<RankedOffer> rank(List<ScoredOffer> scored, int slots, RandomGenerator random) {
    List<ScoredOffer> remaining = new ArrayList<>(scored);
    Set<String> shownCategories = new HashSet<>();
    List<RankedOffer> ranked = new ArrayList<>();
    while (ranked.size() < slots && !remaining.isEmpty()) {
      int n = remaining.size();
      ScoredOffer best =
          remaining.stream()
              .map(s -> new Candidate(s, isNew(s, shownCategories)))
              .min(BEST_FIRST)
              .orElseThrow()
              .scored;
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      ScoredOffer chosen = explore ? remaining.get(random.nextInt(n)) : best;
      double probability = (chosen == best ? 1.0 - exploration : 0.0) + exploration / n;
      int rank = ranked.size() + 1;
      ranked.add(
          new RankedOffer(
              chosen.offer(), rank, Math.min(1.0, probability), explore, explain(chosen, explore)));
      remaining.remove(chosen);
      chosen.offer().category().ifPresent(shownCategories::add);
    }
    return ranked;
  }

  private static boolean isNew(ScoredOffer offer, Set<String> shownCategories) {
    Optional<String> category = offer.offer().category();
    return category.isEmpty() || !shownCategories.contains(category.get());
  }

  private static String explain(ScoredOffer offer, boolean explored) {
    String score = String.format(java.util.Locale.ROOT, "score %.3f", offer.score());
    String reasons = offer.reasons().isEmpty() ? "no plugin scored it" : offer.reasons();
    return (explored ? "exploration; " : "") + score + "; " + reasons;
  }

  private record Candidate(ScoredOffer scored, boolean newCategory) {}
}
